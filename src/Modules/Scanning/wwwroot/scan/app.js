// The door scanner: decides every scan locally from the snapshot in IndexedDB, queues admissions, and syncs them
// through the offline sync endpoint whenever the network lets it. See decide.js for the rules, store.js for storage.
import * as store from './store.js';
import { call, json, Offline, Revoked } from './api.js';
import { ADMITTED, USED, INVALID, decide, readCode, secretHash, ticketDate, reasonInWords } from './decide.js';
import { beep, time, dateTime, details } from './feedback.js';
import * as camera from './camera.js';

const SYNC_BATCH = 200;
const REFRESH_EVERY_MS = 60_000;
const TICK_MS = 5_000;

const $ = (id) => document.getElementById(id);

const state = {
  token: null,
  pairing: null,
  eventSlug: null,
  activeStore: store.TICKET_STORES[0],
  reachable: navigator.onLine,
  revoked: false,
  syncing: null,
  lastRefreshAt: 0,
  seq: 0,
  // Every scan of this pairing, in memory as well, so counters and lists never re-read the queue from IndexedDB.
  scans: new Map(),
  snapshot: { admittedOnList: 0, ticketCount: null, loadMs: null },
};

// Decisions are made one after another, so a ticket scanned twice in a row sees its first admission. Only the
// decision is in the chain: it reads this device's scans from memory, so storing a scan never delays the next one.
let scanChain = Promise.resolve();

async function main() {
  registerServiceWorker();
  state.token = await store.getMeta('token');
  if (!state.token) {
    $('unpaired').hidden = false;
    $('pairing-text').textContent = 'Not paired';
    renderNetwork();
    return;
  }

  state.pairing = await store.getMeta('pairing');
  state.eventSlug = (await store.getMeta('eventSlug')) ?? state.pairing?.event?.slug ?? null;
  state.activeStore = (await store.getMeta('activeStore')) ?? store.TICKET_STORES[0];
  state.lastRefreshAt = (await store.getMeta('lastRefreshAt')) ?? 0;
  state.revoked = (await store.getMeta('revoked')) === true;
  state.seq = (await store.getMeta('seq')) ?? 0;
  for (const scan of await store.allScans()) remember(scan);
  state.snapshot = {
    admittedOnList: (await store.getMeta('admittedOnList')) ?? 0,
    ticketCount: (await store.getMeta('ticketCount')) ?? null,
    loadMs: (await store.getMeta('loadMs')) ?? null,
  };
  $('scanner').hidden = false;
  $('revoked').hidden = !state.revoked;
  renderPairing();
  renderNetwork();
  renderCounts();
  renderRecent();
  // The first lookup and digest pay for opening the store and loading the crypto code; pay it now, not at the door.
  store.lookup(state.activeStore, 'public_id', '').catch(() => {});
  secretHash('warm-up').catch(() => {});

  $('code-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = $('code');
    const value = input.value;
    input.value = '';
    input.focus();
    scan(value, 'keyboard');
  });
  // A keyboard-wedge scanner types wherever the focus is: anything typed outside a field goes to the code field.
  document.addEventListener('keydown', (event) => {
    const target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey || event.key.length !== 1) return;
    if (target instanceof HTMLInputElement || target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement) return;
    $('code').focus();
  });
  $('sync-now').addEventListener('click', () => syncAndRefresh(true));
  $('unpair').addEventListener('click', unpair);
  $('camera-toggle').addEventListener('click', toggleCamera);
  window.addEventListener('online', () => { state.reachable = true; renderNetwork(); syncAndRefresh(true); });
  window.addEventListener('offline', () => { state.reachable = false; renderNetwork(); });
  document.addEventListener('visibilitychange', () => { if (!document.hidden) syncAndRefresh(false); });
  setInterval(() => syncAndRefresh(false), TICK_MS);
  syncAndRefresh(true);
}

function registerServiceWorker() {
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/scan/sw.js', { scope: '/scan' }).catch(() => {});
  }
}

// ---- scanning ----

export function scan(raw, source) {
  const started = performance.now();
  const decided = scanChain.then(() => decideAndShow(raw, source, started));
  scanChain = decided.catch(() => {});
  return decided.then(store_);
}

/** This device's scans by ticket, so a decision finds them without a read. */
const scansByTicket = new Map();

function remember(scan) {
  const previous = state.scans.get(scan.client_id);
  state.scans.set(scan.client_id, scan);
  if (!scan.public_id) return;
  const list = scansByTicket.get(scan.public_id) ?? [];
  const at = previous ? list.indexOf(previous) : -1;
  if (at >= 0) list[at] = scan; else list.push(scan);
  scansByTicket.set(scan.public_id, list);
}

async function findTicket(raw) {
  const read = readCode(raw);
  if (!read) return { read, ticket: undefined };
  for (const candidate of read.candidates) {
    const value = candidate.kind === 'secret' ? await secretHash(candidate.secret) : candidate.value;
    const ticket = await store.lookup(state.activeStore, candidate.kind, value);
    if (ticket) return { read, ticket };
  }
  return { read, ticket: undefined };
}

async function decideAndShow(raw, source, started) {
  const { read, ticket } = await findTicket(raw);
  if (!read) return null;
  const scans = ticket ? scansByTicket.get(ticket.public_id) ?? [] : [];
  const localAdmissions = scans
    .filter((s) => s.verdict === ADMITTED && !s.reflected)
    .sort((a, b) => a.seq - b.seq);
  const decision = decide(ticket, localAdmissions, { list: state.pairing?.checkin_list ?? null });
  const now = new Date().toISOString();
  state.seq += 1;
  const record = {
    client_id: `${state.pairing?.device?.uuid ?? 'browser'}:${crypto.randomUUID()}`,
    seq: state.seq,
    source,
    code: read.value.length > 40 ? `${read.value.slice(0, 12)}…` : read.value,
    event_slug: ticket?.event_slug ?? state.eventSlug,
    public_id: ticket?.public_id ?? null,
    scanned_at: now,
    verdict: decision.verdict,
    reason: decision.reason ?? null,
    used_at: decision.at ?? null,
    buyer_name: ticket?.buyer_name ?? null,
    ticket_title: ticket?.ticket_title ?? null,
    display_code: ticket?.display_check_in_code ?? null,
    first_entry: decision.verdict === ADMITTED && (ticket?.entries ?? (ticket?.redeemed ? 1 : 0)) === 0 && localAdmissions.length === 0,
    // Only admissions go up: a refusal here must never become an admission on the server.
    state: decision.verdict === ADMITTED ? 'queued' : 'local',
    reflected: false,
  };
  showVerdict(decision, ticket, record);
  const elapsed = performance.now() - started;
  beep(decision.verdict);
  $('verdict').dataset.decisionMs = elapsed.toFixed(2);
  record.decision_ms = elapsed;
  remember(record);
  return record;
}

async function store_(record) {
  if (!record) return record;
  await store.putScan(record);
  await store.setMeta({ seq: state.seq });
  addRecent(record);
  renderCounts();
  if (record.state === 'queued' && state.reachable) syncAndRefresh(false);
  return record;
}

function showVerdict(decision, ticket, record) {
  const box = $('verdict');
  box.className = `verdict ${decision.verdict}`;
  const word = decision.verdict === ADMITTED ? 'Admitted' : decision.verdict === USED ? 'Already used' : 'Not valid';
  $('verdict-word').textContent = word;
  let reason = decision.reason ?? '';
  if (decision.verdict === USED && decision.at) reason = `Used ${decision.here ? 'here ' : ''}at ${dateTime(decision.at)}`;
  $('verdict-reason').textContent = reason;
  const date = ticket ? ticketDate(ticket) : null;
  details($('verdict-details'), ticket ? [
    ['Name', ticket.attendee_name ?? ticket.buyer_name],
    ['Product', ticket.ticket_title],
    ['Variation', ticket.variation_title],
    ['Seat', ticket.seat],
    ['Date', date ? [date.label, date.from ? dateTime(date.from) : null].filter(Boolean).join(' · ') : null],
    ['Code', ticket.display_check_in_code],
  ] : [['Code', record.code]]);
  box.dataset.seq = String(record.seq);
  box.dataset.verdict = decision.verdict;
}

// ---- sync and refresh ----

function syncAndRefresh(forceRefresh) {
  if (!state.token || state.revoked) return Promise.resolve();
  state.syncing ??= (async () => {
    try {
      const uploaded = await syncQueue();
      if (forceRefresh || uploaded > 0 || Date.now() - state.lastRefreshAt > REFRESH_EVERY_MS) {
        await refresh();
      }
      setReachable(true);
    } catch (error) {
      if (error instanceof Revoked) {
        state.revoked = true;
        await store.setMeta({ revoked: true });
        $('revoked').hidden = false;
      } else if (error instanceof Offline) {
        setReachable(false);
      } else {
        console.warn('sync', error);
      }
    } finally {
      state.syncing = null;
      renderCounts();
    }
  })();
  return state.syncing;
}

async function syncQueue() {
  let uploaded = 0;
  for (;;) {
    const batch = await store.scansInState('queued', SYNC_BATCH);
    if (batch.length === 0) return uploaded;
    const answer = await json(state.token, '/scanner/redemption_attempts', {
      method: 'POST',
      body: { attempts: batch.map((s) => ({ client_id: s.client_id, event_slug: s.event_slug, public_id: s.public_id, scanned_at: s.scanned_at })) },
    });
    const results = new Map((answer.redemption_attempts ?? []).map((r) => [r.client_id, r]));
    const tickets = [];
    for (const scan of batch) {
      const result = results.get(scan.client_id);
      if (!result) continue;
      scan.state = 'synced';
      scan.server_result = result.result;
      scan.server_message = result.message;
      scan.synced_at = result.synced_at;
      // The server's verdict replaces the local one: anything but "accepted" means this door let someone in whom
      // the server did not (used at another door meanwhile, refunded, ...), which the staff must see.
      if (result.result !== 'accepted') {
        scan.conflict = {
          result: result.result,
          message: result.message,
          reason: result.result === 'conflict' ? 'Already used' : reasonInWords(result.ticket?.blocked_reason ?? result.message),
          redeemed_at: result.ticket?.redeemed_at ?? null,
        };
      }
      if (result.ticket) tickets.push(result.ticket);
    }
    await store.putScans(batch);
    for (const scan of batch) remember(scan);
    await store.mergeTickets(state.activeStore, tickets);
    uploaded += batch.length;
    renderRecent();
    renderCounts();
  }
}

async function refresh() {
  const pairing = await json(state.token, '/scanner/device');
  state.pairing = pairing;
  await store.setMeta({ pairing });
  if (pairing.event) {
    state.eventSlug = pairing.event.slug;
  } else if (!state.eventSlug) {
    const events = await json(state.token, '/scanner/events');
    state.eventSlug = events.events?.[0]?.slug ?? null;
  }
  await store.setMeta({ eventSlug: state.eventSlug });
  renderPairing();
  if (!state.eventSlug) return;
  await refreshSnapshot();
}

async function refreshSnapshot() {
  const requestedAt = Date.now();
  // Scans synced before the request are in the server's answer; later ones are not, so they keep counting locally.
  const syncedBefore = [...state.scans.values()].filter((s) => s.state === 'synced' && !s.reflected);
  const etag = await store.getMeta('etag');
  const snapshotEvent = await store.getMeta('snapshotEvent');
  const started = performance.now();
  const response = await call(state.token, `/scanner/events/${encodeURIComponent(state.eventSlug)}/snapshot`, {
    headers: etag && snapshotEvent === state.eventSlug ? { 'If-None-Match': etag } : {},
    timeout: 120000,
  });
  if (response.status === 304) {
    state.lastRefreshAt = requestedAt;
    await store.setMeta({ lastRefreshAt: requestedAt });
    return;
  }
  if (!response.ok) throw new Error(`snapshot: HTTP ${response.status}`);
  let snapshot;
  try {
    snapshot = await response.json();
  } catch (error) {
    throw new Offline(error?.message ?? 'snapshot cut off');
  }
  const downloadedMs = performance.now() - started;
  const idle = store.TICKET_STORES.find((s) => s !== state.activeStore);
  const tickets = snapshot.tickets ?? [];
  const admitted = await store.writeTickets(idle, tickets);
  const loadMs = performance.now() - started;
  state.activeStore = idle;
  state.lastRefreshAt = requestedAt;
  for (const scan of syncedBefore) scan.reflected = true;
  await store.putScans(syncedBefore);
  state.snapshot = { admittedOnList: admitted, ticketCount: tickets.length, loadMs };
  await store.setMeta({
    activeStore: idle,
    etag: response.headers.get('ETag'),
    snapshotEvent: state.eventSlug,
    generatedAt: snapshot.generated_at,
    lastRefreshAt: requestedAt,
    ticketCount: tickets.length,
    admittedOnList: admitted,
    loadMs,
    downloadMs: downloadedMs,
  });
  $('snapshot-info').dataset.loadMs = loadMs.toFixed(0);
}

function setReachable(reachable) {
  if (state.reachable !== reachable) {
    state.reachable = reachable;
    renderNetwork();
  }
}

// ---- rendering ----

function renderNetwork() {
  const badge = $('network');
  const online = navigator.onLine && state.reachable;
  badge.textContent = online ? 'Online' : 'Offline';
  badge.className = `badge ${online ? 'online' : 'offline'}`;
}

function renderPairing() {
  const p = state.pairing;
  const parts = [];
  if (p?.account?.name) parts.push(p.account.name);
  parts.push(p?.event?.title ?? state.eventSlug ?? 'no event yet');
  if (p?.checkin_list?.name) parts.push(p.checkin_list.name);
  if (p?.device?.name) parts.push(`device ${p.device.name}`);
  $('pairing-text').textContent = parts.join(' · ');
}

function renderCounts() {
  const scans = [...state.scans.values()];
  const meta = { lastRefreshAt: state.lastRefreshAt, ...state.snapshot };
  const queued = scans.filter((s) => s.state === 'queued').length;
  const synced = scans.filter((s) => s.state === 'synced').length;
  const conflicts = scans.filter((s) => s.conflict);
  const admittedHere = scans.filter((s) => s.verdict === ADMITTED).length;
  const notYetInSnapshot = scans.filter((s) => s.verdict === ADMITTED && !s.reflected && s.first_entry).length;
  $('count-queued').textContent = String(queued);
  $('count-synced').textContent = String(synced);
  $('count-conflicts').textContent = String(conflicts.length);
  $('count-device').textContent = String(admittedHere);
  $('count-list').textContent = String(meta.admittedOnList + notYetInSnapshot);
  $('last-refresh').textContent = meta.lastRefreshAt ? time(new Date(meta.lastRefreshAt).toISOString()) : 'never';
  $('snapshot-info').textContent = meta.ticketCount == null ? 'No snapshot yet: connect once before the doors open.'
    : `Snapshot: ${meta.ticketCount.toLocaleString()} tickets, loaded in ${(meta.loadMs / 1000).toFixed(1)} s.`;
  renderConflicts(conflicts);
}

function renderConflicts(conflicts) {
  const list = $('conflicts');
  list.replaceChildren(...conflicts.sort((a, b) => b.seq - a.seq).map((s) => {
    const item = document.createElement('li');
    item.dataset.testid = 'conflict';
    const when = s.conflict.redeemed_at ? ` (used at ${dateTime(s.conflict.redeemed_at)})` : '';
    item.textContent = `${s.display_code ?? s.code} ${s.buyer_name ?? ''}: admitted here at ${time(s.scanned_at)} offline, but the server says ${s.conflict.reason ?? s.conflict.result}${when}.`;
    return item;
  }));
  $('conflicts-empty').hidden = conflicts.length > 0;
}

function renderRecent() {
  const scans = [...state.scans.values()].sort((a, b) => b.seq - a.seq).slice(0, 30);
  $('recent').replaceChildren(...scans.map(recentItem));
}

function addRecent(record) {
  const list = $('recent');
  list.prepend(recentItem(record));
  while (list.children.length > 30) list.lastElementChild.remove();
}

function recentItem(s) {
  const item = document.createElement('li');
  const verdict = s.conflict ? 'conflict' : s.verdict;
  item.className = `recent-${verdict}`;
  const word = s.verdict === ADMITTED ? 'Admitted' : s.verdict === USED ? 'Already used' : 'Not valid';
  const sync = s.state === 'queued' ? ' · queued' : s.state === 'synced' ? (s.conflict ? ` · server: ${s.conflict.reason}` : ' · synced') : '';
  item.textContent = `${time(s.scanned_at)} ${word}${s.reason && s.reason !== word ? ` (${s.reason})` : ''} · ${s.display_code ?? s.code}${s.buyer_name ? ` · ${s.buyer_name}` : ''}${sync}`;
  return item;
}

async function unpair() {
  const queued = (await store.scansInState('queued')).length;
  const warning = queued > 0 ? `${queued} scans are not synced yet and will be lost. ` : '';
  if (!confirm(`${warning}Unpair this browser? It forgets its token and snapshot.`)) return;
  camera.stop();
  await store.clearAll();
  location.reload();
}

async function toggleCamera() {
  const button = $('camera-toggle');
  if (camera.running()) {
    camera.stop();
    button.textContent = 'Start camera';
    $('camera-video').hidden = true;
    $('camera-state').textContent = '';
    return;
  }
  try {
    $('camera-video').hidden = false;
    const engine = await camera.start($('camera-video'), (value) => scan(value, 'camera'));
    button.textContent = 'Stop camera';
    $('camera-state').textContent = `Camera on (${engine}).`;
  } catch (error) {
    $('camera-video').hidden = true;
    $('camera-state').textContent = `Camera unavailable: ${error?.message ?? error}`;
  }
}

// Tests and the bench drive the page through this (the same path as the form).
window.doorScanner = { scan, sync: () => syncAndRefresh(true), scans: () => [...state.scans.values()], state };

main();
