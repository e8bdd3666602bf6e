// What a CDR shows over the API, column by column (cb_cdrs' COLUMNS, in its order, JSON and CSV
// alike), and who sees what a call cost the reseller. Pure.
//
// Money differs from Kazoo on purpose: Kazoo's `cost` (units, as a string) is the same figure as
// its `reseller_cost`, since Kazoo charges the reseller what the customer paid. Here the account's
// own charge is `charge` (dollars) for every viewer — a customer's answers carry no field named
// cost at all — and a viewer who may see the reseller's side also gets `reseller_cost` (what the
// reseller pays, priced on its own deck, dollars), Kazoo's `reseller_call_type`, and `profit`.
import { GREGORIAN_OFFSET } from '@tollgate/kazoo-db';
import { unitsToDollars } from '@tollgate/money';
import type { StoredCdr } from './cdr-doc';

/** Who asks: the login's account, and whether it is a superduper_admin. */
export interface CdrViewer {
  accountId: string;
  isSuperduperAdmin: boolean;
}

/**
 * May `viewer` see what `resellerId` pays for the calls of an account whose ancestors are `tree`
 * (root first)? A superduper_admin, the reseller itself and the reseller's own ancestors may; the
 * customer, and anyone below the reseller, may not (a reseller reading its own calls does not see
 * its provider's cost either).
 */
export function seesResellerCost(viewer: CdrViewer, tree: readonly string[], resellerId: string | undefined): boolean {
  if (viewer.isSuperduperAdmin) return true;
  if (resellerId === undefined) return false;
  if (viewer.accountId === resellerId) return true;
  const reseller = tree.indexOf(resellerId);
  const caller = tree.indexOf(viewer.accountId);
  return reseller >= 0 && caller >= 0 && caller < reseller;
}

const BASE_COLUMNS = [
  'id',
  'call_id',
  'caller_id_number',
  'caller_id_name',
  'callee_id_number',
  'callee_id_name',
  'duration_seconds',
  'billing_seconds',
  'timestamp',
  'hangup_cause',
  'disposition',
  'other_leg_call_id',
  'owner_id',
  'to',
  'from',
  'direction',
  'request',
  'authorizing_id',
  'charge',
  'dialed_number',
  'calling_from',
  'datetime',
  'unix_timestamp',
  'rfc_1036',
  'iso_8601',
  'iso_8601_combined',
  'call_type',
  'rate',
  'rate_name',
  'bridge_id',
  'recording_url',
  'media_recordings',
  'media_server',
  'call_priority',
  'interaction_id',
] as const;

const RESELLER_COLUMNS = ['reseller_cost', 'reseller_call_type', 'profit'] as const;

/** The columns of a listing, in order: Kazoo's, plus the reseller's when the viewer sees them. */
export function cdrColumns(resellerView: boolean): string[] {
  return resellerView ? [...BASE_COLUMNS, ...RESELLER_COLUMNS] : [...BASE_COLUMNS];
}

export interface CdrRowOptions {
  /** Add the reseller's columns (the listing's choice, the same for every row). */
  resellerView: boolean;
  /** Fill them for this CDR (its reseller is one the viewer may see); empty otherwise. */
  costVisible: boolean;
  /** Seconds added to `datetime` (cb_cdrs' utc_offset). */
  utcOffset?: number;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const orEmpty = (v: unknown): unknown => (v === undefined || v === null ? '' : v);
const beforeAt = (v: unknown): string => text(v).split('@')[0];
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function unitsOf(v: unknown): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : 0;
  return Number.isFinite(n) ? Math.trunc(n) : 0;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function utcOf(gregorian: number): Date {
  return new Date((gregorian - GREGORIAN_OFFSET) * 1000);
}

function isoDate(d: Date): string {
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function isoTime(d: Date): string {
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** kz_time:rfc1036: `Mon, 01 Jan 2024 12:00:00 GMT`. */
function rfc1036(d: Date): string {
  return `${WEEKDAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${isoTime(d)} GMT`;
}

/** cb_cdrs' dialed_number: the request's user inbound, the To user outbound. */
function dialedNumber(cdr: StoredCdr): string {
  if (cdr.call_direction === 'inbound') return beforeAt(cdr.request);
  if (cdr.call_direction === 'outbound') return beforeAt(cdr.to);
  return '';
}

/** cb_cdrs' calling_from: the caller id inbound, the From URI's user outbound. */
function callingFrom(cdr: StoredCdr): string {
  if (cdr.call_direction === 'inbound') return text(cdr.caller_id_number);
  if (cdr.call_direction === 'outbound') return beforeAt(cdr.from_uri);
  return '';
}

function mediaRecordings(ccvs: Record<string, unknown>): unknown[] {
  const r = ccvs.media_recordings;
  return r === undefined || r === null ? [] : Array.isArray(r) ? r : [r];
}

/** Kazoo's time columns, from the call's start (the CDR's timestamp minus its duration). */
function timeColumns(start: number, utcOffset: number): Record<string, unknown> {
  const d = utcOf(start);
  const local = utcOf(start + utcOffset);
  return {
    datetime: `${isoDate(local)} ${isoTime(local)}`,
    unix_timestamp: start - GREGORIAN_OFFSET,
    rfc_1036: rfc1036(d),
    iso_8601: isoDate(d),
    iso_8601_combined: `${isoDate(d)}T${isoTime(d)}Z`,
  };
}

function resellerColumns(cdr: StoredCdr, ccvs: Record<string, unknown>, visible: boolean): Record<string, unknown> {
  const billing = cdr.pvt_tollgate_billing;
  if (!visible) return { reseller_cost: '', reseller_call_type: '', profit: '' };
  // A call the charging did not price (not per-minute) cost nothing; a priced one without a reseller has no cost to show.
  const dollars = (units: number | undefined) => (billing === undefined ? 0 : units === undefined ? '' : unitsToDollars(units));
  return {
    reseller_cost: dollars(billing?.cost),
    reseller_call_type: orEmpty(ccvs.reseller_billing),
    profit: dollars(billing?.profit),
  };
}

/** One CDR as a listing row (cb_cdrs normalize_cdr): every column, '' where the CDR has nothing. */
export function cdrRow(cdr: StoredCdr, opts: CdrRowOptions): Record<string, unknown> {
  const ccvs = cdr.custom_channel_vars ?? {};
  const duration = unitsOf(cdr.duration_seconds);
  const start = unitsOf(cdr.timestamp) - duration;
  const accountId = text(ccvs.account_id);
  const authorizingId = text(ccvs.authorizing_id);
  const row: Record<string, unknown> = {
    id: cdr._id,
    call_id: orEmpty(cdr.call_id),
    caller_id_number: orEmpty(cdr.caller_id_number),
    caller_id_name: orEmpty(cdr.caller_id_name),
    callee_id_number: orEmpty(cdr.callee_id_number),
    callee_id_name: orEmpty(cdr.callee_id_name),
    duration_seconds: orEmpty(cdr.duration_seconds),
    billing_seconds: orEmpty(cdr.billing_seconds),
    timestamp: start,
    hangup_cause: orEmpty(cdr.hangup_cause),
    disposition: orEmpty(cdr.disposition),
    other_leg_call_id: orEmpty(cdr.other_leg_call_id),
    owner_id: orEmpty(ccvs.owner_id),
    to: orEmpty(cdr.to),
    from: orEmpty(cdr.from),
    direction: orEmpty(cdr.call_direction),
    request: orEmpty(cdr.request),
    authorizing_id: authorizingId === accountId ? '' : authorizingId,
    charge: unitsToDollars(cdr.pvt_tollgate_billing?.sell ?? 0),
    dialed_number: dialedNumber(cdr),
    calling_from: callingFrom(cdr),
    ...timeColumns(start, opts.utcOffset ?? 0),
    call_type: orEmpty(ccvs.account_billing),
    rate: unitsToDollars(unitsOf(ccvs.rate)),
    rate_name: orEmpty(ccvs.rate_name),
    bridge_id: orEmpty(ccvs.bridge_id),
    recording_url: orEmpty(cdr.recording_url),
    media_recordings: mediaRecordings(ccvs),
    media_server: orEmpty(cdr.media_server),
    call_priority: orEmpty(ccvs.call_priority ?? cdr.call_priority),
    interaction_id: orEmpty(cdr.interaction_id),
  };
  return opts.resellerView ? { ...row, ...resellerColumns(cdr, ccvs, opts.costVisible) } : row;
}

const isPrivate = (key: string) => key.startsWith('_') || key.startsWith('pvt_');

/**
 * The channel vars a viewer may read: never private ones (a rate's `Pvt-Cost` is the upstream
 * price), and for a viewer below the reseller nothing about cost at all.
 */
function visibleChannelVars(ccvs: Record<string, unknown>, costVisible: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(ccvs)) if (!isPrivate(k) && (costVisible || !/cost/i.test(k))) out[k] = v;
  return out;
}

/**
 * One CDR in full (cb_cdrs' GET /cdrs/{id}): its public fields, with the account's `charge` in
 * dollars, and the reseller's side (`reseller_cost`, `profit`) only when the viewer may see it.
 * The private money key itself is never shown.
 */
export function cdrDetail(cdr: StoredCdr, costVisible: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(cdr)) if (!isPrivate(k)) out[k] = v;
  if (cdr.custom_channel_vars) out.custom_channel_vars = visibleChannelVars(cdr.custom_channel_vars, costVisible);
  out.id = cdr._id;
  const billing = cdr.pvt_tollgate_billing;
  out.charge = unitsToDollars(billing?.sell ?? 0);
  if (costVisible && billing?.cost !== undefined) out.reseller_cost = unitsToDollars(billing.cost);
  if (costVisible && billing?.profit !== undefined) out.profit = unitsToDollars(billing.profit);
  return out;
}
