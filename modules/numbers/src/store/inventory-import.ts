// Loading numbers in bulk (the number_management import task, `tollgate numbers import`): one
// _bulk_docs per numbers db, per-number results, then the account copies of the held ones.
import { gregorianNow, numberDb } from '@tollgate/kazoo-db';
import type { DocWriter } from '@tollgate/service-kit';
import { creationModule } from '../domain/creation';
import type { Actor } from '../domain/hierarchy';
import { newNumberDoc, type NumberDoc } from '../domain/number-doc';
import type { NumberState } from '../domain/number-states';
import { syncAccountCopies } from './account-copies';
import { ensureNumberDb } from './number-store';

export interface ImportEntry {
  /** Already normalised E.164. */
  number: string;
  publicFields?: Record<string, unknown>;
}

export type ImportResult = { number: string; ok: true; existed?: boolean } | { number: string; ok: false; reason: string };

export interface ImportRequest {
  actor: Actor;
  /** The account the numbers are loaded for (the inventory owner for `available`). */
  assignTo: string;
  state: NumberState;
  moduleName?: string;
}

interface Load extends ImportRequest {
  moduleName: string;
  now: number;
}

interface Saved {
  before?: NumberDoc;
  after: NumberDoc;
}

/** Each number once (a repeat is reported by resultsInOrder), grouped by numbers db. */
function byNumbersDb(entries: ImportEntry[]): Map<string, ImportEntry[]> {
  const byDb = new Map<string, ImportEntry[]>();
  const unique = new Set<string>();
  for (const e of entries) {
    if (unique.has(e.number)) continue;
    unique.add(e.number);
    const db = numberDb(e.number);
    byDb.set(db, [...(byDb.get(db) ?? []), e]);
  }
  return byDb;
}

/**
 * The result for a number the system already holds (not deleted, disconnected or a discovery), or
 * undefined when it may be (re)created. Loading the same number into the same inventory again (a
 * retried task batch) is fine.
 */
function heldResult(num: string, cur: NumberDoc | undefined, load: Load): ImportResult | undefined {
  if (!cur || ['deleted', 'disconnected', 'discovery'].includes(cur.pvt_state)) return undefined;
  const same = cur.pvt_state === load.state && cur.pvt_assigned_to === load.assignTo && cur.pvt_module_name === load.moduleName;
  return same ? { number: num, ok: true, existed: true } : { number: num, ok: false, reason: `number ${num} already exists` };
}

function freshDoc(e: ImportEntry, cur: NumberDoc | undefined, load: Load): NumberDoc {
  const fresh = newNumberDoc({
    number: e.number,
    state: load.state,
    moduleName: load.moduleName,
    assignedTo: load.assignTo,
    reserveHistory: load.state === 'available' || load.state === 'reserved' ? [load.assignTo] : [],
    authBy: load.actor.accountId,
    portedIn: load.state === 'port_in',
    publicFields: e.publicFields,
    now: load.now,
  });
  return cur?._rev ? { ...fresh, _rev: cur._rev, pvt_created: cur.pvt_created } : fresh;
}

/** One numbers db: reads what is there, writes the rest in one _bulk_docs (each write announced). */
async function loadIntoDb(writer: DocWriter, db: string, list: ImportEntry[], load: Load, results: Map<string, ImportResult>): Promise<Saved[]> {
  await ensureNumberDb(writer.couch, db);
  const stored = await writer.couch.getMany<NumberDoc>(db, list.map((e) => e.number));
  const toWrite: NumberDoc[] = [];
  for (const e of list) {
    const held = heldResult(e.number, stored.get(e.number), load);
    if (held) results.set(e.number, held);
    else toWrite.push(freshDoc(e, stored.get(e.number), load));
  }
  const saved: Saved[] = [];
  for (const [i, w] of (await writer.bulk(db, toWrite)).entries()) {
    const doc = toWrite[i];
    if (w.ok) {
      results.set(doc._id, { number: doc._id, ok: true });
      saved.push({ before: stored.get(doc._id), after: { ...doc, _rev: w.rev } });
    } else {
      results.set(doc._id, { number: doc._id, ok: false, reason: w.error === 'conflict' ? `number ${doc._id} was changed by another request` : `${w.error}: ${w.reason}` });
    }
  }
  return saved;
}

/** One result per input entry, in input order; a number given twice fails the second time. */
function resultsInOrder(entries: ImportEntry[], results: Map<string, ImportResult>): ImportResult[] {
  const seen = new Set<string>();
  return entries.map((e): ImportResult => {
    if (seen.has(e.number)) return { number: e.number, ok: false, reason: `number ${e.number} appears twice in the input` };
    seen.add(e.number);
    return results.get(e.number) ?? { number: e.number, ok: false, reason: 'not written' };
  });
}

export async function importNumbers(writer: DocWriter, entries: ImportEntry[], req: ImportRequest): Promise<ImportResult[]> {
  const load: Load = { ...req, moduleName: creationModule(req.state, req.moduleName, req.actor.isAdmin), now: gregorianNow() };
  const results = new Map<string, ImportResult>();
  const saved: Saved[] = [];
  for (const [db, list] of byNumbersDb(entries)) saved.push(...(await loadIntoDb(writer, db, list, load, results)));
  for (const s of saved) await syncAccountCopies(writer, s.before, s.after);
  return resultsInOrder(entries, results);
}
