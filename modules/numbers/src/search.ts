// knm_search: numbers an account can take — the available inventory of its tree (knm_local /
// knm_inventory find_numbers) and what the carriers in `carrier_modules` offer.
import { errors } from '@tollgate/errors';
import { type Couch, type Doc, numberDb } from '@tollgate/kazoo-db';
import { type CountryCode, getCountryCallingCode } from 'libphonenumber-js';
import { carrierModule } from './carriers';
import { type AccountTrees, type Actor, controls } from './hierarchy';
import { isVisibleTo } from './lifecycle';
import type { NumberDoc } from './number-doc';

export interface SearchRequest {
  actor: Actor;
  /** The account searching (the path account, else the auth account). */
  accountId: string;
  prefix: string;
  quantity: number;
  offset: number;
  /** ISO 3166 country whose dial code goes before a prefix without `+` (default US). */
  country?: string;
}

export interface SearchResult {
  number: string;
  e164: string;
  state: 'available' | 'discovery';
  carrier_module: string;
  [key: string]: unknown;
}

/** knm_search:normalized_prefix: `415` → `+1415`; `+44` stays. */
export function searchPrefix(raw: string | undefined, country = 'US'): string {
  const trimmed = (raw ?? '').trim().replace(/[\s().-]/g, '');
  if (!/^\+?\d+$/.test(trimmed)) {
    throw raw ? errors.field('prefix', 'pattern', `prefix must be digits, got ${JSON.stringify(raw)}`) : errors.field('prefix', 'required', 'Field is required but missing');
  }
  if (trimmed.startsWith('+')) return trimmed;
  let dial: string;
  try {
    dial = getCountryCallingCode(country.toUpperCase() as CountryCode);
  } catch {
    throw errors.field('country', 'enum', `unknown country ${JSON.stringify(country)}`);
  }
  return trimmed.startsWith(dial) && trimmed.length > 10 ? `+${trimmed}` : `+${dial}${trimmed}`;
}

function nanpDetails(num: string): Record<string, unknown> {
  if (!/^\+1\d{10}$/.test(num)) return {};
  const ten = num.slice(2);
  return { npa_nxx: ten.slice(0, 6), ten_digit: ten, formatted_number: `1-${ten.slice(0, 3)}-${ten.slice(3, 6)}-${ten.slice(6)}` };
}

async function numberDbsFor(couch: Couch, prefix: string): Promise<string[]> {
  if (prefix.length >= 5) return [numberDb(prefix)];
  return (await couch.listDbs(`numbers/${prefix}`)).sort();
}

async function rangeDocs(couch: Couch, db: string, prefix: string, each: (doc: NumberDoc) => boolean): Promise<void> {
  let startkey = prefix;
  for (;;) {
    let res: { rows: { id: string; doc?: Doc | null }[] };
    try {
      res = (await couch.db(db).list({ startkey, endkey: `${prefix}\ufff0`, include_docs: true, limit: 501 })) as typeof res;
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) return;
      throw err;
    }
    for (const row of res.rows.slice(0, 500)) {
      if (row.doc && row.doc.pvt_type === 'number' && !each(row.doc as NumberDoc)) return;
    }
    if (res.rows.length <= 500) return;
    startkey = res.rows[500].id;
  }
}

/** Existing docs among numbers (to leave out carrier offers the system already holds). */
async function existingStates(couch: Couch, nums: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const byDb = new Map<string, string[]>();
  for (const n of nums) byDb.set(numberDb(n), [...(byDb.get(numberDb(n)) ?? []), n]);
  for (const [db, keys] of byDb) {
    try {
      const res = (await couch.db(db).fetch({ keys })) as { rows: { key: string; doc?: Doc | null }[] };
      for (const r of res.rows) if (r.doc) out.set(r.key, String(r.doc.pvt_state));
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode !== 404) throw err;
    }
  }
  return out;
}

export async function searchNumbers(couch: Couch, req: SearchRequest, trees: AccountTrees, carrierModules: string[]): Promise<SearchResult[]> {
  // An anonymous search (unauthorized_numbers_lookup) has no account: it sees no inventory.
  if (req.accountId && !controls(req.actor, req.accountId, trees)) throw errors.forbidden();
  const prefix = searchPrefix(req.prefix, req.country);
  const want = req.offset + req.quantity;
  const found: SearchResult[] = [];
  for (const db of await numberDbsFor(couch, prefix)) {
    await rangeDocs(couch, db, prefix, (doc) => {
      if (doc.pvt_state === 'available' && doc.pvt_deleted !== true && isVisibleTo(doc, req.actor, req.accountId, trees)) {
        found.push({ number: doc._id, e164: doc._id, state: 'available', carrier_module: doc.pvt_module_name, ...nanpDetails(doc._id) });
      }
      return found.length < want;
    });
    if (found.length >= want) break;
  }
  for (const m of carrierModules) {
    if (found.length >= want) break;
    const carrier = carrierModule(m);
    if (!carrier?.search) continue;
    const hits = carrier.search(prefix, want * 2, 0);
    const states = await existingStates(couch, hits.map((h) => h.number));
    for (const h of hits) {
      const s = states.get(h.number);
      if (s && s !== 'disconnected' && s !== 'deleted' && s !== 'discovery') continue;
      if (found.some((f) => f.number === h.number)) continue;
      found.push({ ...nanpDetails(h.number), ...(h.carrier_data ?? {}), number: h.number, e164: h.number, state: 'discovery', carrier_module: m });
      if (found.length >= want) break;
    }
  }
  return found.slice(req.offset, want);
}
