// Signup with activation (Kazoo 4.0's cb_signup, the seed's "Signup Form Fields"): a client signs
// up on its reseller's branded domain (or names the reseller); the account is created under the
// reseller disabled, with `pvt_signup_status: wait`, and its first user (the e-mail as username,
// an admin of the new account) — nobody can log in until the reseller activates it. Refused (403)
// when the reseller's whitelabel hides registration.
import { errors, isKazooError, type ValidationErrors } from '@tollgate/errors';
import { type Couch, gregorianNow } from '@tollgate/kazoo-db';
import { validateDoc } from '@tollgate/schemas';
import { createAccount, type StoredAccount } from '../create-account';
import type { AccountsDeps } from '../deps';
import { type AccountDoc, isDeleted, isEnabled, treeOf, withEnabled } from '../domain/account-doc';
import type { UserDoc } from '../domain/user';
import { findMasterAccountId } from '../master-id';
import { isResellerAccount, resellerIdOf } from '../reseller-lookup';
import { ACCOUNTS_DB, fetchAccount, updateAccountDoc } from '../store/account-store';
import { createUser } from '../users';
import { type Mail, renderMail } from '../whitelabel/mail-templates';
import { readWhitelabel, type WhitelabelDoc, whitelabelByDomain } from '../whitelabel/whitelabel';

export type SignupStatus = 'wait' | 'active';

export type SignupAccount = AccountDoc & {
  pvt_signup_status?: SignupStatus;
  pvt_signup?: Record<string, unknown>;
};

export interface SignupTarget {
  resellerId: string;
  whitelabel: WhitelabelDoc | undefined;
}

/** The reseller a signup goes to: by its branded domain, else by `reseller_id`; 404 when neither names one, 403 when it hides registration. */
export async function signupTarget(deps: AccountsDeps, ref: { domain?: string; resellerId?: string }): Promise<SignupTarget> {
  let target: SignupTarget | undefined;
  if (ref.domain) {
    const found = await whitelabelByDomain(deps.couch, ref.domain);
    if (!found) throw errors.badIdentifier(ref.domain);
    target = { resellerId: found.accountId, whitelabel: found.doc };
  } else if (ref.resellerId) {
    target = { resellerId: ref.resellerId, whitelabel: await readWhitelabel(deps.couch, ref.resellerId) };
  }
  if (!target) throw errors.field('domain', 'required', 'a signup names its reseller: the branded domain (Host or `domain`) or `reseller_id`');
  const reseller = await fetchAccount(deps.couch, target.resellerId);
  if (!reseller || isDeleted(reseller)) throw errors.badIdentifier(target.resellerId);
  const isMaster = target.resellerId === (await findMasterAccountId(deps));
  if (!isMaster && !(await isResellerAccount(deps.couch, target.resellerId))) throw errors.badIdentifier(target.resellerId);
  if (target.whitelabel?.hide_registration === true) throw errors.forbidden('registration is closed on this domain', target.resellerId);
  return target;
}

export interface SignupFields {
  email: string;
  password: string;
  first_name?: string;
  last_name?: string;
  company?: string;
  address?: string;
  phone?: string;
}

/** The signup's fields, validated (`signup` schema) with the reseller's required fields on top (Kazoo's 400 `required`). Pure. */
export function signupFields(data: unknown, whitelabel: WhitelabelDoc | undefined): SignupFields {
  const body = (data && typeof data === 'object' && !Array.isArray(data) ? data : {}) as Record<string, unknown>;
  const required = whitelabel?.signup?.required_fields ?? [];
  const missing = Object.fromEntries(
    required.filter((f) => typeof body[f] !== 'string' || (body[f] as string).trim() === '').map((f) => [f, { required: { message: 'Field is required but missing' } }]),
  );
  let valid: Record<string, unknown> = {};
  try {
    valid = validateDoc('signup', body);
  } catch (err) {
    const data = (err as { data?: unknown }).data;
    if (Object.keys(missing).length && data && typeof data === 'object') throw errors.validation({ ...missing, ...(data as Record<string, never>) });
    throw err;
  }
  if (Object.keys(missing).length) throw errors.validation(missing);
  const { reseller_id: _r, domain: _d, ...fields } = valid;
  return { ...(fields as unknown as SignupFields), email: String(valid.email).toLowerCase() };
}

function accountName(f: SignupFields): string {
  if (f.company) return f.company;
  const person = [f.first_name, f.last_name].filter(Boolean).join(' ');
  return person ? `${person} (${f.email})` : f.email;
}

/** An account name already in use (ensure_unique_name) is the signup form's `company` (or `email`) field, where the form shows it. */
function asSignupError(err: unknown, fields: SignupFields): unknown {
  if (!isKazooError(err) || err.kind !== 'invalid_data' || !err.data || typeof err.data !== 'object' || !('name' in err.data)) return err;
  const { name, ...rest } = err.data as Record<string, ValidationErrors[string]>;
  return errors.validation({ ...rest, [fields.company ? 'company' : 'email']: name } as ValidationErrors);
}

export interface SignupResult {
  account: SignupAccount & { _id: string };
  user: UserDoc & { _id: string };
  /** The "awaiting activation" mail to send to the new user. */
  mail: Mail & { to: string };
}

/**
 * Creates the waiting client account under `target.resellerId` and its first user. `gate` wraps the
 * account's creation (crossbar passes its reseller_active and quotas gate).
 */
export async function createSignup(
  deps: AccountsDeps,
  target: SignupTarget,
  fields: SignupFields,
  gate: <T>(accountId: string, kind: 'accounts' | 'users', create: () => Promise<T>) => Promise<T> = (_a, _k, create) => create(),
): Promise<SignupResult> {
  const { password, ...profile } = fields;
  const created: StoredAccount = await gate(target.resellerId, 'accounts', () =>
    createAccount(deps, { parentId: target.resellerId, data: { name: accountName(fields), enabled: false } }).catch((err: unknown) => {
      throw asSignupError(err, fields);
    }),
  );
  const accountId = created._id;
  const account = (await updateAccountDoc(deps, accountId, (cur) => ({
    ...withEnabled(cur, false),
    pvt_signup_status: 'wait',
    pvt_signup: { ...profile, created: gregorianNow() },
  }))) as SignupAccount & { _id: string };
  const user = await gate(accountId, 'users', () =>
    createUser(deps, accountId, {
      username: fields.email,
      email: fields.email,
      password,
      first_name: fields.first_name ?? fields.email.split('@')[0],
      last_name: fields.last_name ?? '-',
      priv_level: 'admin',
    }),
  );
  const mail = renderMail(target.whitelabel, 'signup_waiting', {
    first_name: fields.first_name ?? fields.email,
    last_name: fields.last_name ?? '',
    username: fields.email,
    account_name: String(account.name),
    activation_url: target.whitelabel?.signup?.activation_url ?? '',
  });
  return { account, user, mail: { ...mail, to: fields.email } };
}

/** One waiting signup as the reseller's listing shows it. */
export function signupRow(doc: SignupAccount): Record<string, unknown> {
  return { id: doc._id, name: doc.name, status: doc.pvt_signup_status, enabled: isEnabled(doc), ...(doc.pvt_signup ?? {}) };
}

/** The signups below `resellerId` in `status` (default wait), oldest first. */
export async function listSignups(couch: Couch, resellerId: string, status: SignupStatus = 'wait'): Promise<Record<string, unknown>[]> {
  const docs = await couch.find<SignupAccount>(ACCOUNTS_DB, { pvt_type: 'account', pvt_signup_status: status }, { limit: 10_000 });
  return docs
    .filter((d) => !isDeleted(d) && treeOf(d).includes(resellerId))
    .map(signupRow)
    .sort((a, b) => Number(a.created ?? 0) - Number(b.created ?? 0));
}

/**
 * Activates a waiting signup: the account enabled and `pvt_signup_status: active`. Only the
 * account's reseller or a superduper_admin (`caller`); 400 when it is not waiting.
 */
export async function activateSignup(deps: AccountsDeps, caller: { accountId: string; isSuperduperAdmin: boolean }, accountId: string): Promise<SignupAccount> {
  const account = (await fetchAccount(deps.couch, accountId)) as SignupAccount | undefined;
  if (!account || isDeleted(account)) throw errors.badIdentifier(accountId);
  if (!caller.isSuperduperAdmin) {
    const reseller = await resellerIdOf(deps.couch, account, await findMasterAccountId(deps));
    if (reseller !== caller.accountId || !treeOf(account).includes(caller.accountId)) throw errors.forbidden("a signup is activated by the account's reseller", accountId);
  }
  if (account.pvt_signup_status !== 'wait') throw errors.field('signup', 'status', 'this account is not a signup waiting for activation', { cause: account.pvt_signup_status ?? null });
  let changed = false;
  const saved = await updateAccountDoc(deps, accountId, (cur) => {
    const doc = cur as SignupAccount;
    if (doc.pvt_signup_status !== 'wait') return undefined;
    changed = true;
    return { ...withEnabled(doc, true), pvt_signup_status: 'active', pvt_signup: { ...(doc.pvt_signup ?? {}), activated: gregorianNow(), activated_by: caller.accountId } };
  });
  if (!saved || !changed) throw errors.field('signup', 'status', 'this account is not a signup waiting for activation', { cause: 'active' });
  return saved as SignupAccount;
}
