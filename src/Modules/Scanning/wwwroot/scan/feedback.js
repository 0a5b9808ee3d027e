// The verdict on screen and as a sound: three colours and three tones that differ enough to tell apart at a loud door.
import { ADMITTED, USED } from './decide.js';

let audio;

export function beep(verdict) {
  try {
    audio ??= new AudioContext();
    const tones = verdict === ADMITTED ? [[880, 0.12]] : verdict === USED ? [[440, 0.15], [440, 0.15]] : [[220, 0.45]];
    let at = audio.currentTime;
    for (const [frequency, length] of tones) {
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.frequency.value = frequency;
      oscillator.type = verdict === ADMITTED ? 'sine' : 'square';
      gain.gain.value = 0.2;
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(at);
      oscillator.stop(at + length);
      at += length + 0.06;
    }
  } catch {
    // No audio device (or not allowed yet): the colours still tell.
  }
}

export function time(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function dateTime(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : date.toLocaleString([], { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

/** Fills a <dl> with the rows that have a value. */
export function details(dl, rows) {
  dl.replaceChildren();
  for (const [label, value] of rows) {
    if (value === null || value === undefined || value === '') continue;
    const row = document.createElement('div');
    const dt = document.createElement('dt');
    const dd = document.createElement('dd');
    dt.textContent = label;
    dd.textContent = String(value);
    row.append(dt, dd);
    dl.append(row);
  }
}
