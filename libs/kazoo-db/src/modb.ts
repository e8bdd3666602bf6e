// Monthly databases made on demand: the first write of a month into an account's MODB creates it
// with the `modb` design documents (kazoo_modb:create), as account creation does for its first.
import type { Couch } from './couch';
import { deployDesignDocs } from './views';

// Per server, the MODBs this process has made sure exist (or is making sure of): a write needs no
// PUT /{db} each time, and writes racing to a new month make it once.
const known = new WeakMap<Couch, Map<string, Promise<void>>>();

/** Creates the MODB with its design documents when missing (once per process and db). */
export function ensureModb(couch: Couch, db: string): Promise<void> {
  let dbs = known.get(couch);
  if (!dbs) {
    dbs = new Map();
    known.set(couch, dbs);
  }
  let made = dbs.get(db);
  if (!made) {
    made = (async () => {
      if (await couch.ensureDb(db)) await deployDesignDocs(couch, db, 'modb');
    })();
    dbs.set(db, made);
    // A failure is not remembered: the next write tries again.
    made.catch(() => dbs?.delete(db));
  }
  return made;
}

/** Forget that `db` exists (it was deleted under us): the next ensureModb creates it again. */
export function forgetModb(couch: Couch, db: string): void {
  known.get(couch)?.delete(db);
}
