// Account documents: the copy in the account's own db is the authority, the copy in `accounts`
// a replica written right after it (kzd_accounts:save / save_accounts_doc) for the tree views.
// Both writes are announced.
import { type Couch, type Doc, accountDbName, GLOBAL_DBS, isAccountId, isDbMissing, isNotFound } from '@tollgate/kazoo-db';
import type { DocWriter } from '@tollgate/service-kit';
import { isDeepStrictEqual } from 'node:util';
import type { AccountDoc } from '../domain/account-doc';
import { docWriter, type WriteDeps } from './writer';

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

/** The account's replica in `accounts` (still there after its db was purged, until the purge ends). */
export async function fetchReplica(couch: Couch, accountId: string): Promise<AccountDoc | undefined> {
  return isAccountId(accountId) ? couch.get<AccountDoc>(ACCOUNTS_DB, accountId) : undefined;
}

/** Account docs from the `accounts` replica, by id (missing ones left out). */
export async function fetchAccountsById(couch: Couch, ids: readonly string[]): Promise<Map<string, AccountDoc>> {
  return couch.getMany<AccountDoc>(ACCOUNTS_DB, ids.filter(isAccountId));
}

/** A doc's content: what the authority and its replica must agree on. */
export function contentOf<T extends Doc>(doc: T): Omit<T, '_rev'> {
  const { _rev, ...rest } = doc;
  return rest;
}

/** Writes the account doc's current content into the `accounts` replica, unless it is there already. */
export async function replicateAccount(writer: DocWriter, doc: AccountDoc): Promise<void> {
  const content = contentOf(doc);
  await writer.update<Doc>(ACCOUNTS_DB, String(doc._id), (cur) => (cur && isDeepStrictEqual(contentOf(cur), content) ? undefined : { ...content }));
}

/** Saves a new account doc in its own db, then its replica. */
export async function saveNewAccount(deps: WriteDeps, doc: AccountDoc & { _id: string }): Promise<AccountDoc & { _id: string; _rev: string }> {
  const writer = docWriter(deps);
  const saved = await writer.put(accountDbName(doc._id), doc);
  await replicateAccount(writer, saved);
  return saved;
}

/** Puts a replica's content back as the account doc of a db that lost it (kapps_maintenance's refresh). */
export async function restoreAccountDoc(deps: WriteDeps, replica: AccountDoc & { _id: string }): Promise<void> {
  await docWriter(deps).put(accountDbName(replica._id), contentOf(replica));
}

/**
 * Read-modify-write of an account doc in its own db (retrying on conflict), then the replica.
 * `mutate` returns undefined to leave the doc as it is; the replica is brought in line even then,
 * so a write interrupted before its replica is repaired by the next one.
 */
export async function updateAccountDoc(
  deps: WriteDeps,
  accountId: string,
  mutate: (current: AccountDoc) => AccountDoc | undefined,
): Promise<AccountDoc | undefined> {
  const writer = docWriter(deps);
  const saved = await writer.update<AccountDoc>(accountDbName(accountId), accountId, (cur) => (cur ? mutate(cur) : undefined));
  if (saved) await replicateAccount(writer, saved);
  return saved;
}

/** Removes the account's replica from `accounts` (a failed creation, the end of a purge). */
export async function removeReplica(deps: WriteDeps, accountId: string): Promise<void> {
  await docWriter(deps).remove(ACCOUNTS_DB, accountId);
}
