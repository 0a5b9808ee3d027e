// The camera: the browser's BarcodeDetector where it reads QR codes, else jsQR (vendored from npm, served by the Host).
const SCAN_EVERY_MS = 150;
const SAME_CODE_PAUSE_MS = 2500;
const JSQR_URL = '/_content/EventOps.Modules.Scanning/scan/vendor/jsQR.js';

let stream = null;
let timer = null;
let jsQrLoaded = null;

export const running = () => stream !== null;

async function nativeDetector() {
  if (!('BarcodeDetector' in window)) return null;
  try {
    const formats = await window.BarcodeDetector.getSupportedFormats();
    return formats.includes('qr_code') ? new window.BarcodeDetector({ formats: ['qr_code'] }) : null;
  } catch {
    return null;
  }
}

function loadJsQr() {
  jsQrLoaded ??= new Promise((resolve, reject) => {
    if (window.jsQR) { resolve(window.jsQR); return; }
    const script = document.createElement('script');
    script.src = JSQR_URL;
    script.onload = () => (window.jsQR ? resolve(window.jsQR) : reject(new Error('jsQR did not load')));
    script.onerror = () => reject(new Error('jsQR could not be loaded'));
    document.head.append(script);
  });
  return jsQrLoaded;
}

export async function start(video, onCode) {
  if (!navigator.mediaDevices?.getUserMedia) throw new Error('this browser has no camera access (it needs https)');
  const detector = await nativeDetector();
  const jsQR = detector ? null : await loadJsQr();
  stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
  video.srcObject = stream;
  await video.play();
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  let last = { value: null, at: 0 };
  let busy = false;
  timer = setInterval(async () => {
    if (busy || video.readyState < 2) return;
    busy = true;
    try {
      let value = null;
      if (detector) {
        const codes = await detector.detect(video);
        value = codes[0]?.rawValue ?? null;
      } else {
        // Decoding a smaller copy keeps each pass short on a phone; QR codes held at a door stay readable at 640 px.
        const scale = Math.min(1, 640 / (video.videoWidth || 640));
        canvas.width = Math.round((video.videoWidth || 640) * scale);
        canvas.height = Math.round((video.videoHeight || 480) * scale);
        context.drawImage(video, 0, 0, canvas.width, canvas.height);
        const image = context.getImageData(0, 0, canvas.width, canvas.height);
        value = jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' })?.data ?? null;
      }
      const now = Date.now();
      if (value && (value !== last.value || now - last.at > SAME_CODE_PAUSE_MS)) {
        last = { value, at: now };
        onCode(value);
      } else if (value) {
        last.at = now;
      }
    } finally {
      busy = false;
    }
  }, SCAN_EVERY_MS);
  return detector ? 'BarcodeDetector' : 'jsQR';
}

export function stop() {
  clearInterval(timer);
  timer = null;
  stream?.getTracks().forEach((t) => t.stop());
  stream = null;
}
