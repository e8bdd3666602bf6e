// The account-side copies Kazoo keeps of held numbers (knm_phone_number:assign /
// unassign_from_prev): after a number write the copy is put in the new holder's db and removed
// from the old holder's. Idempotent, so a retry after a crash redoes it safely. The copies are
// written through DocWriter: their document events (type `number`, the holder's Account-ID) are
// what services-sync follows to recount the holders' services.
import { accountDbName, type Doc, isDbMissing } from '@tollgate/kazoo-db';
import type { DocWriter } from '@tollgate/service-kit';
import { HELD_STATES } from '../domain/lifecycle';
import type { NumberDoc } from '../domain/number-doc';

/** The account whose db holds the number, if any: only held numbers (reserved, in_service, port_in) are listed. */
export function holderOf(doc: NumberDoc | undefined): string | undefined {
  if (!doc || doc.pvt_deleted === true || !HELD_STATES.includes(doc.pvt_state)) return undefined;
  return doc.pvt_assigned_to;
}

function copyOf(doc: NumberDoc): Doc {
  const { _rev, ...rest } = doc;
  return rest;
}

async function putAccountCopy(writer: DocWriter, accountId: string, doc: NumberDoc): Promise<void> {
  try {
    await writer.update<Doc>(accountDbName(accountId), doc._id, () => copyOf(doc));
  } catch (err) {
    // The account db is gone (account purged): nothing to list it in.
    if (!isDbMissing(err)) throw err;
  }
}

/** After a number write (`before` undefined for a new number): the copies follow the holder. */
export async function syncAccountCopies(writer: DocWriter, before: NumberDoc | undefined, after: NumberDoc): Promise<void> {
  const oldHolder = holderOf(before);
  const newHolder = holderOf(after);
  if (newHolder) await putAccountCopy(writer, newHolder, after);
  if (oldHolder && oldHolder !== newHolder) await writer.remove(accountDbName(oldHolder), after._id);
}

/**
 * Repairs the account-side copy of a held number when it is missing or older than the number doc
 * (a crash between the number write and its copy); true when something was redone.
 */
export async function ensureAccountCopy(writer: DocWriter, doc: NumberDoc): Promise<boolean> {
  const holder = holderOf(doc);
  if (!holder) return false;
  const copy = await writer.couch.get<Doc>(accountDbName(holder), doc._id);
  if (copy && copy.pvt_modified === doc.pvt_modified && copy.pvt_state === doc.pvt_state && copy.pvt_assigned_to === doc.pvt_assigned_to) return false;
  await putAccountCopy(writer, holder, doc);
  return true;
}
