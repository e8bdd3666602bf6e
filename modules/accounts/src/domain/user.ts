// Kazoo's user document (kzd_users), as much as logins need: the password is never stored, only
// pvt_md5_auth / pvt_sha1_auth (md5 / sha1 of "username:password"), and never shown.
import { type Doc, isPrivateKey, publicView } from '@tollgate/kazoo-db';
import { md5Credentials, normalizeUsername, sha1Credentials } from './credentials';
import type { TokenGenerationHolder } from './token';

export const USER_TYPE = 'user';

export type UserDoc = Doc & {
  username?: string;
  first_name?: string;
  last_name?: string;
  email?: string;
  priv_level?: 'admin' | 'user';
  enabled?: boolean;
  pvt_md5_auth?: string;
  pvt_sha1_auth?: string;
  pvt_deleted?: boolean;
} & TokenGenerationHolder;

export interface CredentialHashes {
  pvt_md5_auth: string;
  pvt_sha1_auth: string;
}

/** A user as the API shows it: public fields and `id`; never the password or its hashes. */
export function userView(doc: UserDoc): Record<string, unknown> {
  const { password: _password, ...view } = publicView(doc);
  return view;
}

/** What a client may write on a user: its public fields (username lower-cased) and, apart, the password. */
export interface UserInput {
  fields: Record<string, unknown>;
  /** A non-empty password as sent; it is hashed, never stored. */
  password: string | undefined;
}

export function userInput(data: Record<string, unknown>): UserInput {
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) if (!isPrivateKey(k) && k !== 'id' && k !== 'password') fields[k] = v;
  if (typeof fields.username === 'string') fields.username = normalizeUsername(fields.username);
  const password = typeof data.password === 'string' && data.password !== '' ? data.password : undefined;
  return { fields, password };
}

/** The public fields of a stored user (what a PATCH merges into). */
export function publicUserFields(doc: UserDoc): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (!isPrivateKey(k)) out[k] = v;
  return out;
}

/**
 * The hashes to store for a username and password: new ones when both are given, `null` to remove
 * them (no username any more), `undefined` to keep the current ones.
 */
export function credentialHashes(username: string | undefined, password: string | undefined): CredentialHashes | null | undefined {
  if (username && password) return { pvt_md5_auth: md5Credentials(username, password), pvt_sha1_auth: sha1Credentials(username, password) };
  return username ? undefined : null;
}

/** Disabling or enabling a user, or changing its password, ends its tokens so far. */
export function endsTokens(before: UserDoc, enabledAfter: unknown, credentialsChange: boolean): boolean {
  return credentialsChange || (before.enabled !== false) !== (enabledAfter !== false);
}

/**
 * The stored user after an update: its private fields kept, its public fields replaced by `fields`,
 * the hashes set or removed, and a new token generation when the change ends its tokens.
 */
export function updatedUser(cur: UserDoc, fields: Record<string, unknown>, hashes: CredentialHashes | null | undefined, credentialsChange: boolean): UserDoc {
  const next: UserDoc = {};
  for (const [k, v] of Object.entries(cur)) if (isPrivateKey(k) && k !== '_rev') next[k] = v;
  Object.assign(next, fields);
  if (hashes) Object.assign(next, hashes);
  if (hashes === null) {
    delete next.pvt_md5_auth;
    delete next.pvt_sha1_auth;
  }
  if (endsTokens(cur, next.enabled, credentialsChange)) next.pvt_token_generation = (cur.pvt_token_generation ?? 0) + 1;
  return next;
}
