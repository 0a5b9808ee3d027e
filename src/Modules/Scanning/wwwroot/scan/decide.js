// The door decision, made from the snapshot alone so it takes milliseconds and needs no network. It follows the
// server's rules as far as the snapshot and the pairing carry them (seed 004 ticket plus the offline fields, and what
// the device's list admits): what blocks the sale or ticket, admission, the ticket's product and date against the
// list, entries against the product's limit (the snapshot's plus those made here since it was taken). Whatever it
// cannot see (check-in times, questions), the server settles at sync.

export const ADMITTED = 'admitted';
export const USED = 'used';
export const INVALID = 'invalid';

const CHECK_IN_CODE = /^[A-Za-z0-9]{4}-?[A-Za-z0-9]{4}$/;

/** How a typed or scanned value is looked up: a check-in code (dash optional), else a public id, else a QR secret. */
export function readCode(raw) {
  const value = (raw ?? '').trim();
  if (value.length === 0 || value.length > 512) return null;
  const candidates = [];
  if (CHECK_IN_CODE.test(value)) candidates.push({ kind: 'code', value: value.replace('-', '').toUpperCase() });
  if (value.length <= 64) candidates.push({ kind: 'public_id', value });
  candidates.push({ kind: 'secret', value: null, secret: value });
  return { value, candidates };
}

/** The snapshot's secret_hash: the first 8 bytes of SHA-256 over the UTF-8 secret, as hex (SnapshotWriter.SecretHash). */
export async function secretHash(secret) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret)));
  let hex = '';
  for (let i = 0; i < 8; i++) hex += digest[i].toString(16).padStart(2, '0');
  return hex;
}

/** The server's blocked_reason (TicketState) in the words the door staff read. */
export function reasonInWords(reason) {
  if (!reason) return null;
  const text = String(reason);
  const lower = text.toLowerCase();
  if (lower.includes('unpaid')) return 'Unpaid';
  if (lower.includes('refunded')) return 'Refunded';
  if (lower.includes('cancel')) return 'Cancelled';
  if (lower.includes('expired')) return 'Expired';
  if (lower.includes('voided')) return 'Ticket voided';
  if (lower.includes('deleted')) return 'Order deleted';
  if (lower.includes('admission')) return 'Not an admission ticket';
  if (lower.includes('date') || lower.includes('day')) return 'Other date';
  if (lower.includes('list') || lower.includes('scanner') || lower.includes('product')) return 'Not on this list';
  if (lower.includes('not found')) return 'Unknown ticket';
  return text;
}

/** A ticket's date of a series (snapshot date_id, date_title, date_starts_at), null on a single event. */
export function ticketDate(ticket) {
  if (ticket.date_id == null) return null;
  return { id: ticket.date_id, label: ticket.date_title ?? null, from: ticket.date_starts_at ?? null };
}

/**
 * Whether the device's check-in list admits the ticket's product and variation, as the server's CheckinList.Admits
 * decides: every product, or one of limit_products; of a product in limit_variation_products only the variations in
 * limit_variations (a product none of whose variations the list names is admitted whole). A list or ticket that does
 * not say (a pairing or snapshot stored by an older build) is admitted here, and the server settles it at sync.
 */
export function listAdmits(list, ticket) {
  if (!list || list.all_products !== false || ticket.product_id == null) return true;
  const product = ticket.product_id;
  if (!(list.limit_products ?? []).includes(product)) return false;
  const variation = ticket.variation_id;
  return variation == null || !(list.limit_variation_products ?? []).includes(product) || (list.limit_variations ?? []).includes(variation);
}

/**
 * The server's rules in its engine's order (RedeemRules.cs): the sale's status and a void, admission, product on the
 * list, the list's date, then entries against the limit. The first refusal decides, so a refunded ticket of another
 * date reads "Refunded" here as it does on the server.
 * @param ticket the snapshot's ticket, or undefined when no ticket has the code
 * @param localAdmissions admissions made on this device that the snapshot does not yet show, oldest first
 * @param context { list }: the device's check-in list as GET /scanner/device names it (what it admits, date_id: the one
 *   date of a series it admits); without one, only the ticket's own state decides
 */
export function decide(ticket, localAdmissions, context = {}) {
  if (!ticket) return { verdict: INVALID, reason: 'Unknown ticket' };

  const blocked = ticket.blocked_reason;
  const alreadyRedeemed = blocked && /already redeemed/i.test(blocked);
  if (blocked && !alreadyRedeemed) return { verdict: INVALID, reason: reasonInWords(blocked) };
  if (ticket.admission === false) return { verdict: INVALID, reason: 'Not an admission ticket' };

  const list = context.list ?? null;
  if (!listAdmits(list, ticket)) return { verdict: INVALID, reason: 'Not on this list' };

  const date = ticketDate(ticket);
  const listDateId = list?.date_id ?? null;
  if (listDateId != null && (date == null || String(date.id) !== String(listDateId))) {
    return { verdict: INVALID, reason: 'Other date' };
  }

  const limit = Math.max(1, ticket.multiscan_limit ?? 1);
  const snapshotEntries = ticket.entries ?? (ticket.redeemed ? 1 : 0);
  const entries = snapshotEntries + localAdmissions.length;
  if (alreadyRedeemed || entries >= limit) {
    const last = localAdmissions.length > 0 ? localAdmissions[localAdmissions.length - 1].scanned_at : ticket.redeemed_at;
    return { verdict: USED, reason: 'Already used', at: last, here: localAdmissions.length > 0 };
  }

  return { verdict: ADMITTED, reason: limit > 1 ? `Entry ${entries + 1} of ${limit}` : null };
}
