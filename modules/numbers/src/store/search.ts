// knm_search: numbers an account can take — the available inventory of its tree (knm_local /
// knm_inventory find_numbers) and what the carriers in `carrier_modules` offer.
import { errors } from '@tollgate/errors';
import { type Couch, isDbMissing, numberDb } from '@tollgate/kazoo-db';
import { carrierModule } from '../domain/carriers';
import { type AccountTrees, type Actor, controls } from '../domain/hierarchy';
import { isVisibleTo } from '../domain/lifecycle';
import type { NumberDoc } from '../domain/number-doc';
import { nanpDetails, searchPrefix } from '../domain/search-prefix';
import { idRange } from './id-range';

const PAGE = 500;

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

async function numberDbsFor(couch: Couch, prefix: string): Promise<string[]> {
  if (prefix.length >= 5) return [numberDb(prefix)];
  return (await couch.listDbs(`numbers/${prefix}`)).sort();
}

/** The available numbers under `prefix` the searcher may see, up to `want`. */
async function inventoryHits(couch: Couch, req: SearchRequest, prefix: string, trees: AccountTrees, want: number): Promise<SearchResult[]> {
  const found: SearchResult[] = [];
  for (const db of await numberDbsFor(couch, prefix)) {
    for await (const page of idRange<NumberDoc>(couch, db, prefix, PAGE)) {
      for (const doc of page) {
        if (doc.pvt_type !== 'number' || doc.pvt_state !== 'available' || doc.pvt_deleted === true) continue;
        if (!isVisibleTo(doc, req.actor, req.accountId, trees)) continue;
        found.push({ number: doc._id, e164: doc._id, state: 'available', carrier_module: doc.pvt_module_name, ...nanpDetails(doc._id) });
        if (found.length >= want) return found;
      }
    }
  }
  return found;
}

/** States of the docs the system already has among `nums` (to leave out carrier offers it holds). */
async function existingStates(couch: Couch, nums: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const byDb = new Map<string, string[]>();
  for (const n of nums) byDb.set(numberDb(n), [...(byDb.get(numberDb(n)) ?? []), n]);
  for (const [db, keys] of byDb) {
    try {
      for (const [id, doc] of await couch.getMany<NumberDoc>(db, keys)) out.set(id, String(doc.pvt_state));
    } catch (err) {
      if (!isDbMissing(err)) throw err;
    }
  }
  return out;
}

/** What the searched carriers offer under `prefix` that the system does not hold, added to `found` up to `want`. */
async function carrierHits(couch: Couch, prefix: string, carrierModules: string[], found: SearchResult[], want: number): Promise<void> {
  for (const m of carrierModules) {
    if (found.length >= want) return;
    const carrier = carrierModule(m);
    if (!carrier?.search) continue;
    const hits = carrier.search(prefix, want * 2, 0);
    const states = await existingStates(couch, hits.map((h) => h.number));
    for (const h of hits) {
      const s = states.get(h.number);
      if (s && s !== 'disconnected' && s !== 'deleted' && s !== 'discovery') continue;
      if (found.some((f) => f.number === h.number)) continue;
      found.push({ ...nanpDetails(h.number), ...(h.carrier_data ?? {}), number: h.number, e164: h.number, state: 'discovery', carrier_module: m });
      if (found.length >= want) return;
    }
  }
}

export async function searchNumbers(couch: Couch, req: SearchRequest, trees: AccountTrees, carrierModules: string[]): Promise<SearchResult[]> {
  // An anonymous search (unauthorized_numbers_lookup) has no account: it sees no inventory.
  if (req.accountId && !controls(req.actor, req.accountId, trees)) throw errors.forbidden();
  const prefix = searchPrefix(req.prefix, req.country);
  const want = req.offset + req.quantity;
  const found = await inventoryHits(couch, req, prefix, trees, want);
  await carrierHits(couch, prefix, carrierModules, found, want);
  return found.slice(req.offset, want);
}
