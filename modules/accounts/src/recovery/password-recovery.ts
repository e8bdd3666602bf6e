// Password recovery by e-mail (Kazoo 4.3 cb_user_auth `recovery`, the seed's "Forgot your
// password?"). A request names a username and its account (name, realm or a number it holds); when
// they match an enabled user with an e-mail, a one-time key is stored (hashed) as a
// `password_reset` doc in the account db and mailed as a link; the answer never says whether
// anything matched. Using the key (POST with a new password) deletes that doc by its revision, so
// a key works once even when two requests race, and not after `reset_id_expiry_s`.
import { createHash, randomBytes } from 'node:crypto';
import { errors } from '@tollgate/errors';
import { accountDbName, type Doc, isConflict, isNotFound } from '@tollgate/kazoo-db';
import type { AccountsDeps } from '../deps';
import { isDeleted, isEnabled } from '../domain/account-doc';
import { normalizeUsername } from '../domain/credentials';
import type { UserDoc } from '../domain/user';
import { findMasterAccountId } from '../master-id';
import { resellerIdOf } from '../reseller-lookup';
import { fetchAccount } from '../store/account-store';
import { fetchUser, userIdsByUsername } from '../store/user-store';
import { docWriter } from '../store/writer';
import { updateUser } from '../users';
import { type Mail, renderMail } from '../whitelabel/mail-templates';
import { readWhitelabel, type WhitelabelDoc } from '../whitelabel/whitelabel';
import { recoveryUiUrl, resetIdExpirySeconds } from './recovery-config';

export const RESET_TYPE = 'password_reset';
const KEY_BYTES = 32;

type ResetDoc = Doc & { _id: string; _rev: string; pvt_user_id: string; pvt_expires_ms: number };

const resetDocId = (secret: string) => `password_reset-${createHash('sha256').update(secret).digest('hex')}`;

export interface RecoveryMail extends Mail {
  to: string;
  /** The reseller whose templates and sender apply. */
  whitelabel: WhitelabelDoc | undefined;
}

/** The whitelabel whose templates the account's mails use: its reseller's (undefined: the built-in ones). */
export async function brandingOf(deps: AccountsDeps, accountId: string): Promise<WhitelabelDoc | undefined> {
  const account = await fetchAccount(deps.couch, accountId);
  if (!account) return undefined;
  const reseller = await resellerIdOf(deps.couch, account, await findMasterAccountId(deps));
  return (reseller ? await readWhitelabel(deps.couch, reseller) : undefined) ?? (await readWhitelabel(deps.couch, accountId));
}

/** The link base: a `ui_url` on the reseller's domain (or on the configured page's host), else https://{domain}/, else `recovery_ui_url`. */
async function linkBase(deps: AccountsDeps, whitelabel: WhitelabelDoc | undefined, uiUrl: string | undefined): Promise<string> {
  const configured = await recoveryUiUrl(deps.config);
  const allowedHosts = new Set<string>();
  if (whitelabel?.domain) allowedHosts.add(whitelabel.domain);
  try {
    allowedHosts.add(new URL(configured).hostname);
  } catch {
    // a broken setting allows nothing more
  }
  if (uiUrl) {
    try {
      // The link carries the key: only to a host the platform or the reseller owns, never one the requester names.
      if (allowedHosts.has(new URL(uiUrl).hostname.toLowerCase())) return uiUrl;
    } catch {
      // fall through
    }
  }
  return whitelabel?.domain ? `https://${whitelabel.domain}/` : configured;
}

function withKey(base: string, key: string): string {
  const url = new URL(base);
  url.searchParams.set('recovery', key);
  return url.toString();
}

export interface RecoveryRequest {
  username: string;
  /** Candidate accounts (from name, realm or number), as a login finds them. */
  accountIds: readonly string[];
  uiUrl?: string;
}

/** The recovery mail to send, or undefined when nothing matched (the caller answers the same either way). */
export async function requestRecovery(deps: AccountsDeps, req: RecoveryRequest): Promise<RecoveryMail | undefined> {
  const username = normalizeUsername(req.username);
  for (const accountId of req.accountIds) {
    const account = await fetchAccount(deps.couch, accountId);
    if (!account || isDeleted(account) || !isEnabled(account)) continue;
    for (const userId of await userIdsByUsername(deps.couch, accountId, username)) {
      const user = await fetchUser(deps.couch, accountId, userId);
      if (!user || user.pvt_deleted === true || user.enabled === false) continue;
      const email = typeof user.email === 'string' && user.email.includes('@') ? user.email : undefined;
      if (!email) continue;
      const whitelabel = await brandingOf(deps, accountId);
      const display = whitelabel?.branding?.display as { allow_password_reset?: boolean } | undefined;
      if (display?.allow_password_reset === false) return undefined;
      const secret = randomBytes(KEY_BYTES).toString('hex');
      const expirySeconds = await resetIdExpirySeconds(deps.config);
      await docWriter(deps).put(accountDbName(accountId), {
        _id: resetDocId(secret),
        pvt_type: RESET_TYPE,
        pvt_account_id: accountId,
        pvt_user_id: userId,
        pvt_expires_ms: Date.now() + expirySeconds * 1000,
      });
      const key = `${accountId}${secret}`;
      const mail = renderMail(whitelabel, 'password_recovery', {
        ...names(user, account.name),
        link: withKey(await linkBase(deps, whitelabel, req.uiUrl), key),
        expires_minutes: String(Math.round(expirySeconds / 60)),
      });
      return { ...mail, to: email, whitelabel };
    }
  }
  return undefined;
}

function names(user: UserDoc, accountName: unknown): Record<string, string> {
  return {
    first_name: typeof user.first_name === 'string' ? user.first_name : '',
    last_name: typeof user.last_name === 'string' ? user.last_name : '',
    username: typeof user.username === 'string' ? user.username : '',
    account_name: typeof accountName === 'string' ? accountName : '',
  };
}

const badKey = () => errors.field('reset_id', 'invalid', 'The recovery key is unknown, already used or expired');

/** Sets the new password with a mailed key (once); the "password changed" mail to send. */
export async function completeRecovery(deps: AccountsDeps, resetId: string, password: string): Promise<RecoveryMail> {
  const accountId = resetId.slice(0, 32);
  const secret = resetId.slice(32);
  if (!/^[0-9a-f]{32}$/.test(accountId) || secret.length !== KEY_BYTES * 2) throw badKey();
  const db = accountDbName(accountId);
  let doc: ResetDoc | undefined;
  try {
    doc = await deps.couch.get<ResetDoc>(db, resetDocId(secret));
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  if (!doc || doc.pvt_type !== RESET_TYPE) throw badKey();
  // Used up first: of two racing uses only the one that deletes this revision goes on.
  try {
    if (!(await docWriter(deps).removeRevision(db, doc))) throw badKey();
  } catch (err) {
    if (isConflict(err)) throw badKey();
    throw err;
  }
  if (doc.pvt_expires_ms <= Date.now()) throw badKey();
  const account = await fetchAccount(deps.couch, accountId);
  const user = await fetchUser(deps.couch, accountId, doc.pvt_user_id);
  if (!account || isDeleted(account) || !user || user.pvt_deleted === true || user.enabled === false) throw badKey();
  const saved = await updateUser(deps, accountId, doc.pvt_user_id, { password }, { mode: 'patch' });
  const whitelabel = await brandingOf(deps, accountId);
  const mail = renderMail(whitelabel, 'password_recovery_completed', names(saved, account.name));
  return { ...mail, to: String(saved.email ?? user.email), whitelabel };
}
