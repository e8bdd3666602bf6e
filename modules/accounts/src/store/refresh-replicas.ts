// The `accounts` replica brought back in line with the account docs after edits made outside the
// API (an admin in Fauxton changing `enabled`, `name` or `realm` in the account's own db): what
// `tollgate db refresh` does for accounts, as Kazoo operators run `sup kapps_maintenance refresh`
// after hand edits. The account db's copy is the authority; the replica only follows it. As in
// Kazoo's refresh (kapps_maintenance:ensure_account_definition), an account db that lost its
// account doc gets it back from the replica.
import { accountDbName, isDbMissing, isNotFound, parseAccountRef } from '@tollgate/kazoo-db';
import { isDeepStrictEqual } from 'node:util';
import type { AccountDoc } from '../domain/account-doc';
import { contentOf, fetchReplica, replicateAccount, restoreAccountDoc } from './account-store';
import { docWriter, type WriteDeps } from './writer';

export interface ReplicaRefresh {
  /** Account dbs looked at. */
  checked: number;
  /** Accounts whose replica was missing or differed and was rewritten. */
  repaired: string[];
  /** Account dbs whose account doc was missing and was restored from the replica. */
  restored: string[];
}

type Outcome = 'repaired' | 'restored' | 'unchanged';

/** One account db against its replica. */
async function refreshOne(deps: WriteDeps, accountId: string): Promise<Outcome> {
  const authority = await deps.couch.get<AccountDoc>(accountDbName(accountId), accountId);
  const replica = await fetchReplica(deps.couch, accountId);
  if (authority && !(replica && isDeepStrictEqual(contentOf(replica), contentOf(authority)))) {
    await replicateAccount(docWriter(deps), authority);
    return 'repaired';
  }
  if (!authority && replica) {
    await restoreAccountDoc(deps, { ...replica, _id: accountId });
    return 'restored';
  }
  return 'unchanged';
}

export async function refreshAccountReplicas(deps: WriteDeps, progress: (done: number, total: number) => void = () => {}): Promise<ReplicaRefresh> {
  const accountIds = (await deps.couch.listDbs('account/')).flatMap((name) => {
    const ref = parseAccountRef(name);
    return ref && ref.year === undefined ? [ref.accountId] : [];
  });
  const out: ReplicaRefresh = { checked: accountIds.length, repaired: [], restored: [] };
  for (const [i, accountId] of accountIds.entries()) {
    try {
      const outcome = await refreshOne(deps, accountId);
      if (outcome !== 'unchanged') out[outcome].push(accountId);
    } catch (err) {
      // The db went away meanwhile (a purge): nothing to follow.
      if (!isDbMissing(err) && !isNotFound(err)) throw err;
    }
    progress(i + 1, accountIds.length);
  }
  return out;
}
