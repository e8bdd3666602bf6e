// Changes that check the whole tree before writing (unique names and realms, moves, reseller
// cascades) run one at a time across every process sharing the database: a lease doc in `accounts`
// taken and renewed through CouchDB revisions, so two crossbar instances (or crossbar and a CLI
// verb) cannot both pass a check that only one of them may pass. A holder that dies frees the tree
// when its lease runs out. Inside one process the changes also queue, so they do not contend.
// Lease writes go through the DocWriter like every write (type `lock`).
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { errors } from '@tollgate/errors';
import { type Couch, isConflict } from '@tollgate/kazoo-db';
import { createLogger } from '@tollgate/log';
import type { DocWriter } from '@tollgate/service-kit';

const log = createLogger('accounts');

export const TREE_LOCK_DB = 'accounts';
export const TREE_LOCK_ID = 'tollgate_tree_lock';
const LEASE_MS = 30_000;
const RENEW_MS = 10_000;
const GIVE_UP_MS = 60_000;

interface LockDoc {
  _id: string;
  _rev?: string;
  pvt_type: 'lock';
  holder: string;
  expires: number;
  [key: string]: unknown;
}

let tail: Promise<unknown> = Promise.resolve();

export function withTreeLock<T>(writer: DocWriter, work: () => Promise<T>): Promise<T> {
  const run = tail.then(
    () => holding(writer, work),
    () => holding(writer, work),
  );
  tail = run.catch(() => undefined);
  return run;
}

async function holding<T>(writer: DocWriter, work: () => Promise<T>): Promise<T> {
  const holder = `${hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`;
  await acquire(writer, holder);
  const renewal = setInterval(() => {
    write(writer, holder, (cur) => cur?.holder === holder).catch((err) => log.warn('could not renew the tree lock', { error: (err as Error).message }));
  }, RENEW_MS);
  renewal.unref();
  try {
    return await work();
  } finally {
    clearInterval(renewal);
    await release(writer, holder).catch((err) => log.warn('could not release the tree lock (it expires by itself)', { error: (err as Error).message }));
  }
}

/** Writes the lease for `holder` when `allowed(current)`; false when someone else holds it or won the race. */
async function write(writer: DocWriter, holder: string, allowed: (cur: LockDoc | undefined) => boolean, expires = Date.now() + LEASE_MS): Promise<boolean> {
  const cur = await writer.couch.get<LockDoc>(TREE_LOCK_DB, TREE_LOCK_ID);
  if (!allowed(cur)) return false;
  try {
    await writer.put<LockDoc>(TREE_LOCK_DB, { _id: TREE_LOCK_ID, ...(cur?._rev ? { _rev: cur._rev } : {}), pvt_type: 'lock', holder, expires });
    return true;
  } catch (err) {
    if (isConflict(err)) return false;
    throw err;
  }
}

const dbReady = new WeakSet<Couch>();

async function acquire(writer: DocWriter, holder: string): Promise<void> {
  if (!dbReady.has(writer.couch)) {
    await writer.couch.ensureDb(TREE_LOCK_DB);
    dbReady.add(writer.couch);
  }
  const deadline = Date.now() + GIVE_UP_MS;
  for (let wait = 20; ; wait = Math.min(wait * 2, 500)) {
    if (await write(writer, holder, (cur) => !cur || cur.expires <= Date.now())) return;
    if (Date.now() > deadline) throw errors.datastoreUnreachable();
    await new Promise((r) => setTimeout(r, wait + Math.floor(Math.random() * wait)));
  }
}

async function release(writer: DocWriter, holder: string): Promise<void> {
  await write(writer, `${holder}/released`, (cur) => cur?.holder === holder, 0);
}
