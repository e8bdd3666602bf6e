// The CDR of a finished call (cdr_channel_destroy:prepare_and_save, kzd_cdrs): the CHANNEL_DESTROY
// event itself, its private CCVs moved to the top, a few CCVs leaked to the top (Call-Priority,
// Recording-Url, E164-Destination, Is-Conference), the interaction fields, Kazoo's private fields
// (type `cdr`, version 2, account, MODB), every key normalized (kz_json:normalize_jobj: lower
// case, `-` → `_`), in the customer's MODB under `YYYYMM-<call id>`. Beyond Kazoo, the call's
// money under `pvt_tollgate_billing` (private: crossbar shows it to resellers only).
//
// The id and the MODB come from the interaction time when the call has one (CCV
// Call-Interaction-ID `<gregorian seconds>-<key>`), else from the event's Timestamp — never from
// the time of writing (Kazoo's default interaction is "now" and a random key), so a redelivered
// event makes the same id.
import { createHash } from 'node:crypto';
import type { KazooMessage } from '@tollgate/kazoo-bus';
import { encodeDbName, fromGregorian, gregorianNow, modbName } from '@tollgate/kazoo-db';
import type { RateSource } from '../charge/call-price';

const CCVS = 'Custom-Channel-Vars';
/** ?KZ_ANONYMOUS_CDR_DB: where a call of no account goes when `cdr` `store_anonymous` is true. */
export const ANONYMOUS_CDR_DB = 'anonymous_cdrs';

/** The call's money on its CDR, units. */
export interface CdrBilling {
  sell: number;
  cost?: number;
  reseller_id?: string;
  profit?: number;
  rate_source: RateSource;
  cost_source?: RateSource;
  billed_seconds: number;
  /** The allotment (free minutes) the call drew on, and the seconds it took. */
  allotment?: string;
  allotment_seconds?: number;
}

export interface CdrDoc extends Record<string, unknown> {
  _id: string;
  pvt_type: 'cdr';
  pvt_tollgate_billing?: CdrBilling;
}

export interface CdrOptions {
  billing?: CdrBilling;
  /** Written as `pvt_node` (kz_doc:add_pvt_node). */
  node?: string;
  now?: number;
}

function twoDigits(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** kzd_cdrs:create_doc_id: `YYYYMM-<call id>` for the month of a Gregorian time. */
export function cdrDocId(callId: string, gregorian: number): string {
  const d = fromGregorian(gregorian);
  return `${d.getUTCFullYear()}${twoDigits(d.getUTCMonth() + 1)}-${callId}`;
}

/** kz_json:normalize_jobj: keys lower-cased with `-` → `_`, recursively (arrays too); null and undefined dropped. */
export function normalizeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalizeKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined || v === null) continue;
    out[k.replace(/-/g, '_').toLowerCase()] = normalizeKeys(v);
  }
  return out;
}

/** cdr_util:check_media_names: a comma-separated text (or a list of them) as a list. */
function mediaNames(value: unknown): unknown {
  if (typeof value === 'string') return value.split(',');
  if (Array.isArray(value)) return value.flatMap((v) => (typeof v === 'string' ? v.split(',') : [v]));
  return value;
}

/** update_ccvs: private CCVs (`_…`, `pvt_…`) move to the top of the doc. */
function movePrivateCcvs(doc: Record<string, unknown>, ccvs: Record<string, unknown>): void {
  for (const key of Object.keys(ccvs)) {
    if (key.startsWith('_') || key.startsWith('pvt_')) {
      doc[key] = ccvs[key];
      delete ccvs[key];
    }
  }
}

/** maybe_leak_ccv: a CCV shown at the top of the CDR. */
function leakCcvs(doc: Record<string, unknown>, ccvs: Record<string, unknown>): void {
  for (const key of ['Call-Priority', 'Recording-Url', 'E164-Destination']) {
    if (ccvs[key] !== undefined) {
      doc[key] = ccvs[key];
      delete ccvs[key];
    }
  }
  const conference = ccvs['Is-Conference'];
  if (conference === true || conference === 'true') {
    doc['Is-Conference'] = true;
    delete ccvs['Is-Conference'];
  }
}

/** set_interaction: the CCV's interaction, or one made from the event (Timestamp, a key from the call id). */
function interactionOf(event: KazooMessage, ccvs: Record<string, unknown>, timestamp: number): { time: number; key: string; id: string } {
  const given = ccvs['Call-Interaction-ID'];
  delete ccvs['Call-Interaction-ID'];
  const m = typeof given === 'string' ? /^(\d{11})-(.+)$/.exec(given) : null;
  if (m) return { time: Number(m[1]), key: m[2], id: given as string };
  const key = createHash('md5').update(String(event['Call-ID'])).digest('hex').slice(0, 8);
  return { time: timestamp, key, id: `${timestamp}-${key}` };
}

/** The CDR doc and its db for a valid CHANNEL_DESTROY of `accountId` (undefined: an anonymous call). */
export function cdrDocOf(event: KazooMessage, accountId: string | undefined, opts: CdrOptions = {}): { db: string; doc: CdrDoc } {
  const now = opts.now ?? gregorianNow();
  const ccvs: Record<string, unknown> = { ...((event[CCVS] ?? {}) as Record<string, unknown>) };
  const doc: Record<string, unknown> = { ...event };
  const timestamp = typeof event.Timestamp === 'number' ? event.Timestamp : now;
  movePrivateCcvs(doc, ccvs);
  leakCcvs(doc, ccvs);
  const interaction = interactionOf(event, ccvs, timestamp);
  doc['Interaction-Time'] = interaction.time;
  doc['Interaction-Key'] = interaction.key;
  doc['Interaction-Id'] = interaction.id;
  doc[CCVS] = ccvs;
  const db = accountId ? modbName(accountId, fromGregorian(interaction.time)) : ANONYMOUS_CDR_DB;
  const normalized = normalizeKeys(doc) as Record<string, unknown>;
  const ccvOut = normalized.custom_channel_vars as Record<string, unknown>;
  for (const key of ['media_names', 'media_recordings']) if (ccvOut[key] !== undefined) ccvOut[key] = mediaNames(ccvOut[key]);
  const out: CdrDoc = {
    ...normalized,
    _id: cdrDocId(String(event['Call-ID']), interaction.time),
    pvt_type: 'cdr',
    pvt_vsn: 2,
    pvt_account_db: accountId ? encodeDbName(db) : db,
    pvt_created: timestamp,
    pvt_modified: now,
  };
  if (accountId) out.pvt_account_id = accountId;
  if (opts.node) out.pvt_node = opts.node;
  if (opts.billing) out.pvt_tollgate_billing = opts.billing;
  return { db, doc: out };
}
