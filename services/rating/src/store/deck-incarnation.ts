// Which incarnation of a ratedeck db this is: an id kept in a `_local` doc of the db (not
// replicated, not in `_changes`, not a rate). A db deleted and made again under the same name
// has none, so a snapshot of the old one is never applied to it, whatever its update_seq.
import { randomBytes } from 'node:crypto';
import { type Couch, isConflict } from '@tollgate/kazoo-db';

const INCARNATION_DOC = '_local/tollgate_rating_deck';

export async function readIncarnation(couch: Couch, db: string): Promise<string | undefined> {
  const doc = (await couch.get(db, INCARNATION_DOC)) as { incarnation?: unknown } | undefined;
  return typeof doc?.incarnation === 'string' && /^[0-9a-f]+$/.test(doc.incarnation) ? doc.incarnation : undefined;
}

export async function ensureIncarnation(couch: Couch, db: string): Promise<string> {
  const existing = await readIncarnation(couch, db);
  if (existing) return existing;
  const incarnation = randomBytes(8).toString('hex');
  try {
    await couch.put(db, { _id: INCARNATION_DOC, incarnation });
  } catch (err) {
    // Another rating instance wrote it first: theirs is the one.
    const theirs = isConflict(err) ? await readIncarnation(couch, db) : undefined;
    if (theirs) return theirs;
    throw err;
  }
  return incarnation;
}
