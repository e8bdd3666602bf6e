// Account documents: the copy in the account's own db is the authority, the copy in `accounts`
// a replica written right after it (kzd_accounts:save / save_accounts_doc) for the tree views.
import { type Couch, type Doc, accountDbName, GLOBAL_DBS, isAccountId, isDbMissing, isNotFound } from '@tollgate/kazoo-db';
import type { DocAction } from '@tollgate/kazoo-bus';
import { publishDocChange } from '@tollgate/service-kit';
import type { AccountDoc } from '../domain/account-doc';
import type { AccountsDeps } from '../deps';

export const ACCOUNTS_DB = GLOBAL_DBS.accounts;

/** The account doc from its own db; undefined when the id is malformed or the account/db is missing. */
export async function fetchAccount(couch: Couch, accountId: string): Promise<AccountDoc | undefined> {
  if (!isAccountId(accountId)) return undefined;
  try {
    return await couch.get<AccountDoc>(accountDbName(accountId), accountId);
  } catch (err) {
    if (isDbMissing(err) || isNotFound(err)) return undefined;
    throw err;
  }
}

/** Account docs from the `accounts` replica, by id (missing ones left out). */
export async function fetchAccountsById(couch: Couch, ids: readonly string[]): Promise<Map<string, AccountDoc>> {
  const out = new Map<string, AccountDoc>();
  const wanted = [...new Set(ids)].filter(isAccountId);
  if (wanted.length === 0) return out;
  const res = await couch.db<AccountDoc>(ACCOUNTS_DB).fetch({ keys: wanted });
  for (const row of res.rows) {
    const doc = (row as { doc?: AccountDoc | null }).doc;
    if (doc) out.set(String(doc._id), doc);
  }
  return out;
}

/** Writes the account doc's current content into the `accounts` replica. */
export async function replicateAccount(couch: Couch, doc: AccountDoc): Promise<void> {
  const { _rev, ...content } = doc;
  await couch.update<Doc>(ACCOUNTS_DB, String(doc._id), () => ({ ...content }));
}

/**
 * Read-modify-write of an account doc in its own db (retrying on conflict), then the replica and
 * the document event. `mutate` returns undefined to leave the doc as it is.
 */
export async function updateAccountDoc(
  deps: AccountsDeps,
  accountId: string,
  mutate: (current: AccountDoc) => AccountDoc | undefined,
  action: DocAction = 'edited',
): Promise<AccountDoc | undefined> {
  const db = accountDbName(accountId);
  let changed = false;
  const saved = await deps.couch.update<AccountDoc>(db, accountId, (cur) => {
    if (!cur) return undefined;
    const next = mutate(cur);
    changed = next !== undefined;
    return next;
  });
  if (!saved) return undefined;
  // Even an unchanged doc is replicated: a write interrupted before its replica is repaired here.
  await replicateAccount(deps.couch, saved);
  if (changed && deps.bus) await publishDocChange(deps.bus, action, db, saved);
  return saved;
}
