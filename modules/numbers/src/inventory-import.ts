// Loading numbers in bulk (the number_management import task, `tollgate numbers import`): one
// _bulk_docs per numbers db, per-number results, and the side effects once per holder.
import type { Bus } from '@tollgate/kazoo-bus';
import { type Couch, type Doc, gregorianNow, numberDb } from '@tollgate/kazoo-db';
import { publishDocChange } from '@tollgate/service-kit';
import { creationModule } from './creation';
import type { Actor } from './hierarchy';
import type { NumberDoc } from './number-doc';
import type { NumberState } from './number-states';
import { ensureNumberDb, newNumberDoc } from './number-store';
import { afterNumberWrite, holderOf, markServicesDirty } from './side-effects';

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

export async function importNumbers(deps: { couch: Couch; bus: Bus }, entries: ImportEntry[], req: ImportRequest): Promise<ImportResult[]> {
  const now = gregorianNow();
  const moduleName = creationModule(req.state, req.moduleName, req.actor.isAdmin);
  const results = new Map<string, ImportResult>();
  const byDb = new Map<string, ImportEntry[]>();
  const unique = new Set<string>();
  for (const e of entries) {
    if (unique.has(e.number)) continue;
    unique.add(e.number);
    const db = numberDb(e.number);
    byDb.set(db, [...(byDb.get(db) ?? []), e]);
  }
  const saved: { before?: NumberDoc; after: NumberDoc }[] = [];
  for (const [db, list] of byDb) {
    await ensureNumberDb(deps.couch, db);
    const res = (await deps.couch.db(db).fetch({ keys: list.map((e) => e.number) })) as { rows: { key: string; doc?: Doc | null }[] };
    const stored = new Map(res.rows.filter((r) => r.doc).map((r) => [r.key, r.doc as NumberDoc]));
    const toWrite: NumberDoc[] = [];
    for (const e of list) {
      const cur = stored.get(e.number);
      if (cur && !['deleted', 'disconnected', 'discovery'].includes(cur.pvt_state)) {
        // Loading the same number into the same inventory again (a retried task batch) is fine.
        const same = cur.pvt_state === req.state && cur.pvt_assigned_to === req.assignTo && cur.pvt_module_name === moduleName;
        results.set(e.number, same ? { number: e.number, ok: true, existed: true } : { number: e.number, ok: false, reason: `number ${e.number} already exists` });
        continue;
      }
      const fresh = newNumberDoc({
        number: e.number,
        state: req.state,
        moduleName,
        assignedTo: req.assignTo,
        reserveHistory: req.state === 'available' || req.state === 'reserved' ? [req.assignTo] : [],
        authBy: req.actor.accountId,
        portedIn: req.state === 'port_in',
        publicFields: e.publicFields,
        now,
      });
      toWrite.push(cur?._rev ? { ...fresh, _rev: cur._rev, pvt_created: cur.pvt_created } : fresh);
    }
    const written = await deps.couch.bulk(db, toWrite);
    written.forEach((w, i) => {
      const doc = toWrite[i];
      if (w.ok) {
        results.set(doc._id, { number: doc._id, ok: true });
        saved.push({ before: stored.get(doc._id), after: { ...doc, _rev: w.rev } });
      } else {
        results.set(doc._id, { number: doc._id, ok: false, reason: w.error === 'conflict' ? `number ${doc._id} was changed by another request` : `${w.error}: ${w.reason}` });
      }
    });
  }
  // Held numbers need their account copies; inventory loads only the holder's services doc.
  for (const s of saved) {
    if (holderOf(s.after)) await afterNumberWrite(deps, s.before, s.after);
    else await publishDocChange(deps.bus, s.before ? 'edited' : 'created', numberDb(s.after._id), s.after);
  }
  if (saved.some((s) => !holderOf(s.after))) await markServicesDirty(deps, req.assignTo, now);
  const seen = new Set<string>();
  return entries.map((e): ImportResult => {
    if (seen.has(e.number)) return { number: e.number, ok: false, reason: `number ${e.number} appears twice in the input` };
    seen.add(e.number);
    return results.get(e.number) ?? { number: e.number, ok: false, reason: 'not written' };
  });
}
