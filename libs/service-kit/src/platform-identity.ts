// A platform is one database and every process that runs on it. Its identity is made on first
// start and kept in that database, so every process of the platform (any node, any restart) has
// the same one, and a platform on another database has another.
import { randomBytes } from 'node:crypto';
import { type Couch, GLOBAL_DBS, isConflict } from '@tollgate/kazoo-db';
import type { PlatformIdentity } from '@tollgate/kazoo-bus';

const IDENTITY_DOC = '_local/tollgate_platform';

/** The database URL as an operator may be shown it: no credentials. */
function databaseLabel(couchUrl: string): string {
  try {
    const u = new URL(couchUrl);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '<invalid database URL>';
  }
}

export async function platformIdentity(couch: Couch, couchUrl: string): Promise<PlatformIdentity> {
  const db = GLOBAL_DBS.systemConfig;
  const existing = (await couch.get(db, IDENTITY_DOC)) as { platform_id?: unknown } | undefined;
  if (typeof existing?.platform_id === 'string') return { id: existing.platform_id, database: databaseLabel(couchUrl) };
  const id = randomBytes(16).toString('hex');
  try {
    await couch.put(db, { _id: IDENTITY_DOC, platform_id: id });
  } catch (err) {
    // Another process of this platform made it first: theirs is the platform's.
    if (isConflict(err)) return platformIdentity(couch, couchUrl);
    throw err;
  }
  return { id, database: databaseLabel(couchUrl) };
}
