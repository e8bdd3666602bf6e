// Users of an account (cb_users), as much as logins need: username and password, stored only as
// Kazoo's pvt_md5_auth / pvt_sha1_auth (md5 / sha1 of "username:password"), never returned.
import { errors, type ValidationErrors } from '@tollgate/errors';
import { type Couch, type Doc, accountDbName, isAccountId, isPrivateKey, publicView, stampPvt } from '@tollgate/kazoo-db';
import { publishDocChange } from '@tollgate/service-kit';
import { mergeValidationErrors, schemaValidator } from '@tollgate/schemas';
import { requireObject } from './account-fields';
import type { AccountsDeps } from './deps';
import { isDeleted } from './domain/account-doc';
import { deepMerge } from './domain/account-input';
import { md5Credentials, normalizeUsername, sha1Credentials } from './domain/credentials';
import { newDocId } from './domain/ids';
import { fetchAccount } from './store/account-store';
import { keepTokenAlive, type TokenGenerationHolder } from './tokens';

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

/** A user as the API shows it: public fields and `id`; never the password or its hashes. */
export function userView(doc: UserDoc): Record<string, unknown> {
  const { password: _password, ...view } = publicView(doc);
  return view;
}

async function requireLiveAccount(couch: Couch, accountId: string): Promise<void> {
  const account = await fetchAccount(couch, accountId);
  if (!account || isDeleted(account)) throw errors.badIdentifier(accountId);
}

export async function fetchUser(couch: Couch, accountId: string, userId: string): Promise<UserDoc | undefined> {
  if (!isAccountId(accountId) || !/^[0-9a-zA-Z_-]{1,64}$/.test(userId)) return undefined;
  const doc = await couch.get<UserDoc>(accountDbName(accountId), userId).catch(() => undefined);
  return doc && doc.pvt_type === USER_TYPE && !doc.pvt_deleted ? doc : undefined;
}

/** The users of an account as Kazoo's users/crossbar_listing rows, by last then first name. */
export async function listUsers(couch: Couch, accountId: string): Promise<Record<string, unknown>[]> {
  const res = await couch.db(accountDbName(accountId)).view('users', 'crossbar_listing', {});
  return res.rows.map((r) => r.value as Record<string, unknown>);
}

async function usernameTaken(couch: Couch, accountId: string, username: string, userId: string | undefined): Promise<boolean> {
  const res = await couch.db(accountDbName(accountId)).view('users', 'list_by_username', { key: username });
  return res.rows.some((r) => r.id !== userId);
}

/** The user owning these credentials in the account (users/creds_by_md5 or creds_by_sha), if any. */
export async function findUserByCredentials(
  couch: Couch,
  accountId: string,
  method: 'md5' | 'sha',
  hash: string,
): Promise<{ owner_id: string; account_id: string } | undefined> {
  const view = method === 'sha' ? 'creds_by_sha' : 'creds_by_md5';
  const res = await couch.db(accountDbName(accountId)).view('users', view, { key: hash.toLowerCase() });
  return res.rows[0]?.value as { owner_id: string; account_id: string } | undefined;
}

interface Prepared {
  fields: Record<string, unknown>;
  password: string | undefined;
}

function prepare(data: Record<string, unknown>): Prepared {
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) if (!isPrivateKey(k) && k !== 'id' && k !== 'password') fields[k] = v;
  if (typeof fields.username === 'string') fields.username = normalizeUsername(fields.username);
  const password = typeof data.password === 'string' && data.password !== '' ? data.password : undefined;
  return { fields, password };
}

/** Validates the fields and works out the credential hashes; throws one 400 listing every problem. */
async function validateUser(
  couch: Couch,
  accountId: string,
  userId: string | undefined,
  prepared: Prepared,
  rawPassword: unknown,
  current: UserDoc | undefined,
): Promise<{ fields: Record<string, unknown>; hashes: { pvt_md5_auth: string; pvt_sha1_auth: string } | null | undefined }> {
  const checked = schemaValidator().check('users', rawPassword === undefined ? prepared.fields : { ...prepared.fields, password: rawPassword });
  const extra: ValidationErrors = {};
  const username = typeof prepared.fields.username === 'string' ? prepared.fields.username : undefined;
  if (username && (await usernameTaken(couch, accountId, username, userId))) {
    extra.username = { unique: { message: 'User name is not unique for this account', cause: username } };
  }
  if (prepared.password && !username) {
    extra.username = { required: { message: 'The username must be provided to set a password' } };
  }
  const renamed = current?.username !== undefined && username !== undefined && username !== current.username;
  if (renamed && !prepared.password) {
    extra.password = { required: { message: 'The password must be provided when updating the user name' } };
  }
  if (!checked.ok || Object.keys(extra).length > 0) throw errors.validation(mergeValidationErrors(checked.ok ? undefined : checked.errors, extra));
  const { password: _p, ...fields } = checked.doc;
  // undefined: keep the current hashes; null: remove them (no username any more).
  let hashes: { pvt_md5_auth: string; pvt_sha1_auth: string } | null | undefined;
  if (username && prepared.password) {
    hashes = { pvt_md5_auth: md5Credentials(username, prepared.password), pvt_sha1_auth: sha1Credentials(username, prepared.password) };
  } else if (!username) {
    hashes = null;
  }
  return { fields, hashes };
}

/** Creates a user; `data` is cb_users' body: username, password, first_name, last_name, email, priv_level, enabled, … */
export async function createUser(deps: AccountsDeps, accountId: string, data: Record<string, unknown>): Promise<UserDoc & { _id: string; _rev: string }> {
  await requireLiveAccount(deps.couch, accountId);
  const body = requireObject(data);
  const { fields, hashes } = await validateUser(deps.couch, accountId, undefined, prepare(body), body.password, undefined);
  const id = newDocId();
  const doc = stampPvt<UserDoc>({ ...fields, _id: id, ...(hashes ?? {}) }, { type: USER_TYPE, account: accountId });
  const db = accountDbName(accountId);
  const saved = await deps.couch.put(db, doc);
  if (deps.bus) await publishDocChange(deps.bus, 'created', db, saved);
  return saved;
}

export interface UpdateUserOptions {
  mode: 'replace' | 'patch';
  /** The token of the request: when the change revokes the user's tokens, this one (if the user's own) lives on. */
  keepToken?: string;
}

/** Disabling or enabling a user, or changing its password, ends its tokens so far. */
function endsTokens(before: UserDoc, enabledAfter: unknown, credentialsChange: boolean): boolean {
  return credentialsChange || (before.enabled !== false) !== (enabledAfter !== false);
}

/** POST (replace) or PATCH (merge) a user; a new password or username rehashes the credentials. */
export async function updateUser(deps: AccountsDeps, accountId: string, userId: string, data: unknown, opts: UpdateUserOptions): Promise<UserDoc> {
  await requireLiveAccount(deps.couch, accountId);
  const current = await fetchUser(deps.couch, accountId, userId);
  if (!current) throw errors.badIdentifier(userId);
  const body = requireObject(data);
  const prepared = prepare(body);
  if (opts.mode === 'patch') {
    const base: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(current)) if (!isPrivateKey(k)) base[k] = v;
    prepared.fields = deepMerge(base, prepared.fields);
  }
  const { fields, hashes } = await validateUser(deps.couch, accountId, userId, prepared, body.password, current);
  const credentialsChange = hashes ? true : hashes === null && current.pvt_md5_auth !== undefined;
  if (opts.keepToken && endsTokens(current, fields.enabled, credentialsChange)) {
    await keepTokenAlive(deps.couch, opts.keepToken, accountId, userId, (current.pvt_token_generation ?? 0) + 1);
  }
  const db = accountDbName(accountId);
  const saved = await deps.couch.update<UserDoc>(db, userId, (cur) => {
    if (!cur || cur.pvt_deleted) return undefined;
    const next: UserDoc = {};
    for (const [k, v] of Object.entries(cur)) if (isPrivateKey(k) && k !== '_rev') next[k] = v;
    Object.assign(next, fields);
    if (hashes) Object.assign(next, hashes);
    if (hashes === null) {
      delete next.pvt_md5_auth;
      delete next.pvt_sha1_auth;
    }
    if (endsTokens(cur, next.enabled, credentialsChange)) next.pvt_token_generation = (cur.pvt_token_generation ?? 0) + 1;
    return stampPvt(next);
  });
  if (!saved || saved.pvt_deleted) throw errors.badIdentifier(userId);
  if (deps.bus) await publishDocChange(deps.bus, 'edited', db, saved);
  return saved;
}

/** Soft delete (crossbar_doc:delete): the user can no longer log in; its tokens stop working. */
export async function deleteUser(deps: AccountsDeps, accountId: string, userId: string): Promise<UserDoc> {
  const current = await fetchUser(deps.couch, accountId, userId);
  if (!current) throw errors.badIdentifier(userId);
  const db = accountDbName(accountId);
  const saved = await deps.couch.update<UserDoc>(db, userId, (cur) => (cur && !cur.pvt_deleted ? stampPvt({ ...cur, pvt_deleted: true }) : undefined));
  if (!saved) throw errors.badIdentifier(userId);
  if (deps.bus) await publishDocChange(deps.bus, 'deleted', db, saved);
  return saved;
}
