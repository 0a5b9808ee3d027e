// The scanner's offline state in IndexedDB: the event's snapshot, the scans made here (the queue) and a few settings.
// Two ticket stores take turns: a refresh writes the idle one and then switches, so scans are never decided against
// a half-written snapshot and never wait for a refresh's long write transaction.
//
// Tickets are kept in buckets of about a hundred, by a hash of their public id, with two bucketed maps from check-in
// code and QR secret hash to public id. One record per ticket with two indexes took 9 s to write for 100,000 tickets
// (200,000 index entries); a few thousand bucket records take a fraction of that, and a lookup is still two reads.

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
      for (const name of TICKET_STORES) db.createObjectStore(name);
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

/** FNV-1a over the string's UTF-16 units: cheap and spreads codes that share prefixes. */
function bucketOf(value, buckets) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % buckets;
}

const TICKETS_PER_BUCKET = 100;

/** The ticket a scanned value names, from the active snapshot: two reads in one transaction. */
export async function lookup(storeName, kind, value) {
  const db = await open();
  const tx = db.transaction(storeName);
  const tickets = tx.objectStore(storeName);
  const buckets = await result(tickets.get('buckets'));
  if (!buckets || value == null) return undefined;
  let publicId = value;
  if (kind !== 'public_id') {
    const map = await result(tickets.get(`${kind === 'code' ? 'c' : 's'}:${bucketOf(value, buckets)}`));
    publicId = map?.[value];
  }
  const bucket = publicId === undefined ? undefined : await result(tickets.get(`p:${bucketOf(publicId, buckets)}`));
  return bucket?.[publicId];
}

/**
 * Writes a whole snapshot into the idle ticket store in one transaction, counting the admitted tickets on the way;
 * the caller switches to it afterwards.
 */
export async function writeTickets(storeName, tickets) {
  const buckets = Math.max(16, Math.ceil(tickets.length / TICKETS_PER_BUCKET));
  const byId = Array.from({ length: buckets }, () => ({}));
  const byCode = Array.from({ length: buckets }, () => ({}));
  const bySecret = Array.from({ length: buckets }, () => ({}));
  let admitted = 0;
  for (const ticket of tickets) {
    if ((ticket.entries ?? (ticket.redeemed ? 1 : 0)) > 0) admitted++;
    byId[bucketOf(ticket.public_id, buckets)][ticket.public_id] = ticket;
    if (ticket.check_in_code) byCode[bucketOf(ticket.check_in_code, buckets)][ticket.check_in_code] = ticket.public_id;
    if (ticket.secret_hash) bySecret[bucketOf(ticket.secret_hash, buckets)][ticket.secret_hash] = ticket.public_id;
  }
  const db = await open();
  const tx = db.transaction(storeName, 'readwrite');
  const store = tx.objectStore(storeName);
  store.clear();
  store.put(buckets, 'buckets');
  for (let i = 0; i < buckets; i++) {
    store.put(byId[i], `p:${i}`);
    store.put(byCode[i], `c:${i}`);
    store.put(bySecret[i], `s:${i}`);
  }
  await done(tx);
  return admitted;
}

/** Puts server copies of tickets (from sync answers) into the active snapshot, keeping the offline fields they lack. */
export async function mergeTickets(storeName, tickets) {
  if (tickets.length === 0) return;
  const db = await open();
  const tx = db.transaction(storeName, 'readwrite');
  const store = tx.objectStore(storeName);
  const buckets = await result(store.get('buckets'));
  if (!buckets) return;
  const byBucket = new Map();
  for (const ticket of tickets) {
    const key = `p:${bucketOf(ticket.public_id, buckets)}`;
    if (!byBucket.has(key)) byBucket.set(key, []);
    byBucket.get(key).push(ticket);
  }
  for (const [key, changed] of byBucket) {
    const bucket = (await result(store.get(key))) ?? {};
    for (const ticket of changed) {
      if (bucket[ticket.public_id]) bucket[ticket.public_id] = { ...bucket[ticket.public_id], ...ticket };
    }
    store.put(bucket, key);
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
