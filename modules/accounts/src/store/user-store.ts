// User documents in the account db, and the `users` views on them (couchdb-views/account/users.json,
// Kazoo's names). Deleted users are left out of every view.
import { type Couch, accountDbName, isAccountId } from '@tollgate/kazoo-db';
import type { DocWriter } from '@tollgate/service-kit';
import { USER_TYPE, type UserDoc } from '../domain/user';

/** Ids crossbar accepts in a user path (Kazoo's are 32 hex; imported ones may differ). */
const USER_ID = /^[0-9a-zA-Z_-]{1,64}$/;

/** The live user, or undefined when the id is malformed or the user is missing or deleted. */
export async function fetchUser(couch: Couch, accountId: string, userId: string): Promise<UserDoc | undefined> {
  if (!isAccountId(accountId) || !USER_ID.test(userId)) return undefined;
  const doc = await couch.get<UserDoc>(accountDbName(accountId), userId);
  return doc && doc.pvt_type === USER_TYPE && !doc.pvt_deleted ? doc : undefined;
}

/** The users of an account as Kazoo's users/crossbar_listing rows, by last then first name. */
export async function listUsers(couch: Couch, accountId: string): Promise<Record<string, unknown>[]> {
  const rows = await couch.view<Record<string, unknown>>(accountDbName(accountId), 'users', 'crossbar_listing');
  return rows.map((r) => r.value);
}

/** Ids of the users with this (normalized) username. */
export async function userIdsByUsername(couch: Couch, accountId: string, username: string): Promise<string[]> {
  const rows = await couch.view(accountDbName(accountId), 'users', 'list_by_username', { key: username });
  return rows.map((r) => r.id);
}

export interface CredentialsOwner {
  owner_id: string;
  account_id: string;
}

/** The user owning these credentials in the account (users/creds_by_md5 or creds_by_sha), if any. */
export async function findUserByCredentials(couch: Couch, accountId: string, method: 'md5' | 'sha', hash: string): Promise<CredentialsOwner | undefined> {
  const view = method === 'sha' ? 'creds_by_sha' : 'creds_by_md5';
  const rows = await couch.view<CredentialsOwner>(accountDbName(accountId), 'users', view, { key: hash.toLowerCase() });
  return rows[0]?.value;
}

export async function saveNewUser(writer: DocWriter, accountId: string, doc: UserDoc): Promise<UserDoc & { _id: string; _rev: string }> {
  return writer.put(accountDbName(accountId), doc);
}

/**
 * Read-modify-write of a live user (a missing or deleted one is left alone); the doc as saved, or
 * as found when nothing was written.
 */
export async function updateUserDoc(writer: DocWriter, accountId: string, userId: string, mutate: (cur: UserDoc) => UserDoc | undefined): Promise<UserDoc | undefined> {
  return writer.update<UserDoc>(accountDbName(accountId), userId, (cur) => (cur && !cur.pvt_deleted ? mutate(cur) : undefined));
}
