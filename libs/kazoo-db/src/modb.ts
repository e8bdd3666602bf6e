// Monthly databases made on demand: the first write of a month into an account's MODB creates it
// with the `modb` design documents (kazoo_modb:create), as account creation does for its first.
import type { Couch } from './couch';
import { deployDesignDocs } from './views';

// Per server, the MODBs this process has seen exist: a write needs no PUT /{db} each time.
const known = new WeakMap<Couch, Set<string>>();

/** Creates the MODB with its design documents when missing (once per process and db). */
export async function ensureModb(couch: Couch, db: string): Promise<void> {
  let dbs = known.get(couch);
  if (!dbs) {
    dbs = new Set();
    known.set(couch, dbs);
  }
  if (dbs.has(db)) return;
  if (await couch.ensureDb(db)) await deployDesignDocs(couch, db, 'modb');
  dbs.add(db);
}

/** Forget that `db` exists (it was deleted under us): the next ensureModb creates it again. */
export function forgetModb(couch: Couch, db: string): void {
  known.get(couch)?.delete(db);
}
