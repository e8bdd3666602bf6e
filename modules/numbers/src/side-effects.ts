// What follows a saved number change, all idempotent so a retry after a crash redoes it safely:
// the account-side copies (Kazoo's knm_phone_number:assign / unassign_from_prev), the services
// docs of the old and new holders marked dirty, and Kazoo document events on the bus.
import type { Bus } from '@tollgate/kazoo-bus';
import { accountDbName, type Couch, type Doc, GLOBAL_DBS, gregorianNow, isDbMissing, isNotFound, numberDb } from '@tollgate/kazoo-db';
import { publishDocChange } from '@tollgate/service-kit';
import { HELD_STATES } from './lifecycle';
import type { NumberDoc } from './number-doc';

export interface SideEffectDeps {
  couch: Couch;
  bus: Bus;
}

/** The account whose db holds the number, if any: only held numbers (reserved, in_service, port_in) are listed. */
export function holderOf(doc: NumberDoc | undefined): string | undefined {
  if (!doc || doc.pvt_deleted === true || !HELD_STATES.includes(doc.pvt_state)) return undefined;
  return doc.pvt_assigned_to;
}

function copyOf(doc: NumberDoc): Doc {
  const { _rev, ...rest } = doc;
  return rest;
}

async function putAccountCopy(deps: SideEffectDeps, accountId: string, doc: NumberDoc): Promise<void> {
  const db = accountDbName(accountId);
  let created = false;
  try {
    const saved = await deps.couch.update<Doc>(db, doc._id, (cur) => {
      created = !cur;
      return { ...copyOf(doc), ...(cur?._rev ? { _rev: cur._rev } : {}) };
    });
    if (saved) await publishDocChange(deps.bus, created ? 'created' : 'edited', db, saved);
  } catch (err) {
    // The account db is gone (account purged): nothing to list it in.
    if (!isNotFound(err)) throw err;
  }
}

async function removeAccountCopy(deps: SideEffectDeps, accountId: string, num: string): Promise<void> {
  const db = accountDbName(accountId);
  for (let i = 0; i < 5; i++) {
    const cur = await deps.couch.get<Doc>(db, num);
    if (!cur?._rev) return;
    try {
      await deps.couch.db(db).destroy(num, cur._rev);
      await publishDocChange(deps.bus, 'deleted', db, { ...cur, pvt_deleted: true });
      return;
    } catch (err) {
      if (isNotFound(err)) return;
      if ((err as { statusCode?: number }).statusCode !== 409) throw err;
    }
  }
}

/** `pvt_dirty: true` + pvt_modified on services/<account>, nothing else touched (a missing doc is created bare). */
export async function markServicesDirty(deps: SideEffectDeps, accountId: string, now = gregorianNow()): Promise<void> {
  const mark = () =>
    deps.couch.update<Doc>(GLOBAL_DBS.services, accountId, (cur) => ({
      ...(cur ?? { _id: accountId, pvt_type: 'service', pvt_account_id: accountId, pvt_created: now }),
      pvt_dirty: true,
      pvt_modified: now,
    }));
  let saved: Doc | undefined;
  try {
    saved = await mark();
  } catch (err) {
    if (!isDbMissing(err)) throw err;
    await deps.couch.ensureDb(GLOBAL_DBS.services);
    saved = await mark();
  }
  if (saved) await publishDocChange(deps.bus, 'edited', GLOBAL_DBS.services, saved);
}

/** Everything that follows a number write; `before` is the doc as it was (undefined for a new number). */
export async function afterNumberWrite(deps: SideEffectDeps, before: NumberDoc | undefined, after: NumberDoc): Promise<void> {
  const oldHolder = holderOf(before);
  const newHolder = holderOf(after);
  if (newHolder) await putAccountCopy(deps, newHolder, after);
  if (oldHolder && oldHolder !== newHolder) await removeAccountCopy(deps, oldHolder, after._id);
  const owners = new Set([before?.pvt_assigned_to, after.pvt_assigned_to, oldHolder, newHolder].filter((a): a is string => !!a));
  for (const owner of owners) await markServicesDirty(deps, owner, after.pvt_modified);
  const action = after.pvt_deleted === true ? 'deleted' : before ? 'edited' : 'created';
  await publishDocChange(deps.bus, action, numberDb(after._id), after);
}

/**
 * Repairs the account-side copy of a held number when it is missing or older than the number doc
 * (a crash between the number write and its side effects); true when something was redone.
 */
export async function ensureAccountCopy(deps: SideEffectDeps, doc: NumberDoc): Promise<boolean> {
  const holder = holderOf(doc);
  if (!holder) return false;
  const copy = await deps.couch.get<Doc>(accountDbName(holder), doc._id).catch(() => undefined);
  if (copy && copy.pvt_modified === doc.pvt_modified && copy.pvt_state === doc.pvt_state && copy.pvt_assigned_to === doc.pvt_assigned_to) return false;
  await putAccountCopy(deps, holder, doc);
  await markServicesDirty(deps, holder, doc.pvt_modified);
  return true;
}
