// Users of an account (cb_users), as much as logins need: create, update (POST replaces, PATCH
// merges), soft delete. A new password or username rehashes the credentials; disabling, enabling
// or a new password ends the user's tokens so far.
import { errors, type ValidationErrors } from '@tollgate/errors';
import { type Couch, stampPvt } from '@tollgate/kazoo-db';
import { mergeValidationErrors, schemaValidator } from '@tollgate/schemas';
import { requireObject } from './account-fields';
import type { AccountsDeps } from './deps';
import { isDeleted } from './domain/account-doc';
import { deepMerge } from './domain/account-input';
import { newDocId } from './domain/ids';
import {
  type CredentialHashes,
  credentialHashes,
  endsTokens,
  publicUserFields,
  updatedUser,
  USER_TYPE,
  type UserDoc,
  type UserInput,
  userInput,
} from './domain/user';
import { fetchAccount } from './store/account-store';
import { fetchUser, saveNewUser, updateUserDoc, userIdsByUsername } from './store/user-store';
import { docWriter } from './store/writer';
import { keepTokenAlive } from './tokens';

async function requireLiveAccount(couch: Couch, accountId: string): Promise<void> {
  const account = await fetchAccount(couch, accountId);
  if (!account || isDeleted(account)) throw errors.badIdentifier(accountId);
}

interface ValidUser {
  fields: Record<string, unknown>;
  /** New hashes; null: remove them (no username any more); undefined: keep the current ones. */
  hashes: CredentialHashes | null | undefined;
}

/** Rules beyond the schema: a unique username, a username with a password, the password again for a new username. */
async function userRuleErrors(couch: Couch, accountId: string, userId: string | undefined, input: UserInput, current: UserDoc | undefined): Promise<ValidationErrors> {
  const out: ValidationErrors = {};
  const username = typeof input.fields.username === 'string' ? input.fields.username : undefined;
  if (username && (await userIdsByUsername(couch, accountId, username)).some((id) => id !== userId)) {
    out.username = { unique: { message: 'User name is not unique for this account', cause: username } };
  }
  if (input.password && !username) {
    out.username = { required: { message: 'The username must be provided to set a password' } };
  }
  const renamed = current?.username !== undefined && username !== undefined && username !== current.username;
  if (renamed && !input.password) {
    out.password = { required: { message: 'The password must be provided when updating the user name' } };
  }
  return out;
}

/** Validates the fields and works out the credential hashes; throws one 400 listing every problem. */
async function validateUser(
  couch: Couch,
  accountId: string,
  userId: string | undefined,
  input: UserInput,
  rawPassword: unknown,
  current: UserDoc | undefined,
): Promise<ValidUser> {
  const checked = schemaValidator().check('users', rawPassword === undefined ? input.fields : { ...input.fields, password: rawPassword });
  const rules = await userRuleErrors(couch, accountId, userId, input, current);
  if (!checked.ok || Object.keys(rules).length > 0) throw errors.validation(mergeValidationErrors(checked.ok ? undefined : checked.errors, rules));
  const { password: _p, ...fields } = checked.doc;
  const username = typeof input.fields.username === 'string' ? input.fields.username : undefined;
  return { fields, hashes: credentialHashes(username, input.password) };
}

/** Creates a user; `data` is cb_users' body: username, password, first_name, last_name, email, priv_level, enabled, … */
export async function createUser(deps: AccountsDeps, accountId: string, data: unknown): Promise<UserDoc & { _id: string; _rev: string }> {
  await requireLiveAccount(deps.couch, accountId);
  const body = requireObject(data, 'users');
  const { fields, hashes } = await validateUser(deps.couch, accountId, undefined, userInput(body), body.password, undefined);
  const doc = stampPvt<UserDoc>({ ...fields, _id: newDocId(), ...(hashes ?? {}) }, { type: USER_TYPE, account: accountId });
  return saveNewUser(docWriter(deps), accountId, doc);
}

export interface UpdateUserOptions {
  mode: 'replace' | 'patch';
  /** The token of the request: when the change ends the user's tokens, this one (if the user's own) lives on. */
  keepToken?: string;
}

/** POST (replace) or PATCH (merge) a user; a new password or username rehashes the credentials. */
export async function updateUser(deps: AccountsDeps, accountId: string, userId: string, data: unknown, opts: UpdateUserOptions): Promise<UserDoc> {
  await requireLiveAccount(deps.couch, accountId);
  const current = await fetchUser(deps.couch, accountId, userId);
  if (!current) throw errors.badIdentifier(userId);
  const body = requireObject(data, 'users');
  const input = userInput(body);
  if (opts.mode === 'patch') input.fields = deepMerge(publicUserFields(current), input.fields);
  const { fields, hashes } = await validateUser(deps.couch, accountId, userId, input, body.password, current);
  const credentialsChange = hashes ? true : hashes === null && current.pvt_md5_auth !== undefined;
  if (opts.keepToken && endsTokens(current, fields.enabled, credentialsChange)) {
    await keepTokenAlive(deps, opts.keepToken, accountId, userId, (current.pvt_token_generation ?? 0) + 1);
  }
  const saved = await updateUserDoc(docWriter(deps), accountId, userId, (cur) => stampPvt(updatedUser(cur, fields, hashes, credentialsChange)));
  if (!saved || saved.pvt_deleted) throw errors.badIdentifier(userId);
  return saved;
}

/** Soft delete (crossbar_doc:delete): the user can no longer log in; its tokens stop working. */
export async function deleteUser(deps: AccountsDeps, accountId: string, userId: string): Promise<UserDoc> {
  if (!(await fetchUser(deps.couch, accountId, userId))) throw errors.badIdentifier(userId);
  const saved = await updateUserDoc(docWriter(deps), accountId, userId, (cur) => stampPvt({ ...cur, pvt_deleted: true }));
  if (!saved) throw errors.badIdentifier(userId);
  return saved;
}
