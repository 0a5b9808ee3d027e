// /scan/pair#token=…: stores the device token that the devices page's QR carries (in the fragment, which is never
// sent to a server), drops it from the address bar and history, and shows what this browser is now paired to.
import * as store from './store.js';
import { json, Revoked, Offline } from './api.js';
import { details } from './feedback.js';

const $ = (id) => document.getElementById(id);

async function main() {
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('/scan/sw.js', { scope: '/scan' }).catch(() => {});
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  history.replaceState(null, '', location.pathname);
  if (!token) {
    const stored = await store.getMeta('pairing');
    $('pair-title').textContent = stored ? 'Already paired' : 'No pairing token';
    $('pair-state').textContent = stored ? 'This browser is paired already.' : 'This link carries no token: open the pairing QR from the devices page again.';
    if (stored) show(stored);
    return;
  }

  let pairing;
  try {
    pairing = await json(token, '/scanner/device');
  } catch (error) {
    $('pair-title').textContent = 'Not paired';
    $('pair-state').textContent = error instanceof Revoked ? 'This pairing link has been revoked or is not valid.'
      : error instanceof Offline ? 'No network: connect once to pair, then the scanner works offline.' : `Pairing failed: ${error.message}`;
    return;
  }

  // A new pairing replaces the old one whole: another device's queue or snapshot must not mix with this one's.
  await store.clearAll();
  await store.setMeta({ token, pairing, eventSlug: pairing.event?.slug });
  $('pair-title').textContent = 'Paired';
  $('pair-state').textContent = `This browser now scans as device ${pairing.device?.name ?? '(API token)'}.`;
  show(pairing);
}

function show(pairing) {
  details($('pair-details'), [
    ['Organizer', pairing.account?.name],
    ['Device', pairing.device?.name],
    ['Event', pairing.event?.title ?? 'every event of the organizer'],
    ['Check-in list', pairing.checkin_list?.name],
  ]);
  $('pair-continue').hidden = false;
}

main();
