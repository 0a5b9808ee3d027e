// The door scanner's service worker: keeps /scan, /scan/pair and their scripts so the page opens without a network.
// Pages go network first (a deploy reaches the doors at the next load), falling back to the copy; scripts and styles
// are served from the copy. The scanner API is never touched here: its answers are the app's business (IndexedDB).
const VERSION = '__VERSION__';
const CACHE = `eventops-door-${VERSION}`;
const ASSETS = '/_content/EventOps.Modules.Scanning/scan/';
const PRECACHE = [
  '/scan',
  '/scan/pair',
  `${ASSETS}scan.css`,
  `${ASSETS}app.js`,
  `${ASSETS}api.js`,
  `${ASSETS}store.js`,
  `${ASSETS}decide.js`,
  `${ASSETS}feedback.js`,
  `${ASSETS}camera.js`,
  `${ASSETS}pair.js`,
  `${ASSETS}vendor/jsQR.js`,
];
const PAGE_TIMEOUT_MS = 4000;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('eventops-door-') && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === '/scan' || url.pathname === '/scan/pair') {
    event.respondWith(page(request, url.pathname));
  } else if (url.pathname.startsWith(ASSETS)) {
    event.respondWith(asset(request));
  }
});

async function page(request, path) {
  const cache = await caches.open(CACHE);
  try {
    const response = await Promise.race([
      fetch(request),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), PAGE_TIMEOUT_MS)),
    ]);
    if (response.ok) await cache.put(path, response.clone());
    return response;
  } catch {
    return (await cache.match(path)) ?? Response.error();
  }
}

async function asset(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request, { ignoreSearch: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}
