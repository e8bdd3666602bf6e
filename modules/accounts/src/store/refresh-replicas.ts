// The `accounts` replica brought back in line with the account docs after edits made outside the
// API (an admin in Fauxton changing `enabled`, `name` or `realm` in the account's own db): what
// `tollgate db refresh` does for accounts, as Kazoo operators run `sup kapps_maintenance refresh`
// after hand edits. The account db's copy is the authority; the replica only follows it. As in
// Kazoo's refresh (kapps_maintenance:ensure_account_definition), an account db that lost its
// account doc gets it back from the replica.
import { type Couch, type Doc, accountDbName, isDbMissing, isNotFound, parseAccountRef } from '@tollgate/kazoo-db';
import { isDeepStrictEqual } from 'node:util';
import type { AccountDoc } from '../domain/account-doc';
import { ACCOUNTS_DB, replicateAccount } from './account-store';

export interface ReplicaRefresh {
  /** Account dbs looked at. */
  checked: number;
  /** Accounts whose replica was missing or differed and was rewritten. */
  repaired: string[];
  /** Account dbs whose account doc was missing and was restored from the replica. */
  restored: string[];
}

function content(doc: Doc | undefined): Doc | undefined {
  if (!doc) return undefined;
  const { _rev, ...rest } = doc;
  return rest;
}

export async function refreshAccountReplicas(couch: Couch, progress: (done: number, total: number) => void = () => {}): Promise<ReplicaRefresh> {
  const accountIds = (await couch.listDbs('account/')).flatMap((name) => {
    const ref = parseAccountRef(name);
    return ref && ref.year === undefined ? [ref.accountId] : [];
  });
  const repaired: string[] = [];
  const restored: string[] = [];
  for (const [i, accountId] of accountIds.entries()) {
    const db = accountDbName(accountId);
    try {
      const authority = await couch.get<AccountDoc>(db, accountId);
      const replica = await couch.get<Doc>(ACCOUNTS_DB, accountId);
      if (authority && !isDeepStrictEqual(content(replica), content(authority))) {
        await replicateAccount(couch, authority);
        repaired.push(accountId);
      } else if (!authority && replica) {
        await couch.put(db, content(replica) as Doc);
        restored.push(accountId);
      }
    } catch (err) {
      // The db went away meanwhile (a purge): nothing to follow.
      if (!isDbMissing(err) && !isNotFound(err)) throw err;
    }
    progress(i + 1, accountIds.length);
  }
  return { checked: accountIds.length, repaired, restored };
}
