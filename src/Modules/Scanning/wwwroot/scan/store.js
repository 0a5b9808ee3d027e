// The scanner's offline state in IndexedDB: the event's snapshot, the scans made here (the queue) and a few settings.
// Two ticket stores take turns: a refresh writes the idle one and then switches, so scans are never decided against
// a half-written snapshot and never wait for a refresh's long write transaction.

const DB_NAME = 'eventops-door';
const DB_VERSION = 1;
export const TICKET_STORES = ['tickets_a', 'tickets_b'];

let opened;

export function open() {
  opened ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      db.createObjectStore('meta');
      for (const name of TICKET_STORES) {
        const store = db.createObjectStore(name, { keyPath: 'public_id' });
        store.createIndex('code', 'check_in_code');
        store.createIndex('secret', 'secret_hash');
      }
      const scans = db.createObjectStore('scans', { keyPath: 'client_id' });
      scans.createIndex('public_id', 'public_id');
      scans.createIndex('state', 'state');
      scans.createIndex('seq', 'seq');
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return opened;
}

const done = (tx) => new Promise((resolve, reject) => {
  tx.oncomplete = () => resolve();
  tx.onerror = () => reject(tx.error);
  tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
});

const result = (request) => new Promise((resolve, reject) => {
  request.onsuccess = () => resolve(request.result);
  request.onerror = () => reject(request.error);
});

export async function getMeta(key) {
  const db = await open();
  return result(db.transaction('meta').objectStore('meta').get(key));
}

export async function setMeta(values) {
  const db = await open();
  const tx = db.transaction('meta', 'readwrite');
  const store = tx.objectStore('meta');
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) store.delete(key); else store.put(value, key);
  }
  return done(tx);
}

/** The ticket a scanned value names, from the active snapshot, and this device's scans of it: one transaction. */
export async function lookup(storeName, kind, value) {
  const db = await open();
  const tx = db.transaction([storeName, 'scans']);
  const tickets = tx.objectStore(storeName);
  const ticket = await result(kind === 'public_id' ? tickets.get(value) : tickets.index(kind).get(value));
  const scans = ticket ? await result(tx.objectStore('scans').index('public_id').getAll(ticket.public_id)) : [];
  return { ticket, scans };
}

/**
 * Writes a whole snapshot into the idle ticket store in one transaction, counting the admitted tickets on the way;
 * the caller switches to it afterwards.
 */
export async function writeTickets(storeName, tickets) {
  const db = await open();
  const tx = db.transaction(storeName, 'readwrite');
  const store = tx.objectStore(storeName);
  store.clear();
  let admitted = 0;
  for (const ticket of tickets) {
    if ((ticket.entries ?? (ticket.redeemed ? 1 : 0)) > 0) admitted++;
    store.put(ticket);
  }
  await done(tx);
  return admitted;
}

export async function countTickets(storeName) {
  const db = await open();
  return result(db.transaction(storeName).objectStore(storeName).count());
}

/** Puts server copies of tickets (from sync answers) into the active snapshot, keeping the offline fields they lack. */
export async function mergeTickets(storeName, tickets) {
  if (tickets.length === 0) return;
  const db = await open();
  const tx = db.transaction(storeName, 'readwrite');
  const store = tx.objectStore(storeName);
  for (const ticket of tickets) {
    const request = store.get(ticket.public_id);
    request.onsuccess = () => {
      if (request.result) store.put({ ...request.result, ...ticket });
    };
  }
  return done(tx);
}

export async function putScan(scan) {
  const db = await open();
  const tx = db.transaction('scans', 'readwrite');
  tx.objectStore('scans').put(scan);
  return done(tx);
}

export async function putScans(scans) {
  const db = await open();
  const tx = db.transaction('scans', 'readwrite');
  const store = tx.objectStore('scans');
  for (const scan of scans) store.put(scan);
  return done(tx);
}

export async function scansInState(state, limit) {
  const db = await open();
  return result(db.transaction('scans').objectStore('scans').index('state').getAll(state, limit));
}

export async function allScans() {
  const db = await open();
  return result(db.transaction('scans').objectStore('scans').index('seq').getAll());
}

/** Forgets everything of a pairing: token, snapshot, queue. Used by "Unpair" and when a new pairing replaces it. */
export async function clearAll() {
  const db = await open();
  const tx = db.transaction(['meta', 'scans', ...TICKET_STORES], 'readwrite');
  for (const name of ['meta', 'scans', ...TICKET_STORES]) tx.objectStore(name).clear();
  return done(tx);
}
