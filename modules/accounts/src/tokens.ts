// Auth tokens: issued by a login, revoked by a logout, and checked on every request. Every check
// re-reads the token, the account (and its ancestors) and the user, so a revoked or expired token,
// or one whose account or user was disabled or deleted, stops working at once. The expiry is the
// caller's setting (crossbar's `token_auth_expiry`).
import { accountDbName, gregorianNow } from '@tollgate/kazoo-db';
import type { AccountsDeps } from './deps';
import { type AccountDoc, isDeleted, isEnabled, treeOf } from './domain/account-doc';
import { type IssueTokenOptions, impersonatorState, isExpired, newTokenDoc, type TokenDoc, type TokenGenerationHolder, tokenState } from './domain/token';
import type { UserDoc } from './domain/user';
import { fetchAccount, fetchAccountsById } from './store/account-store';
import { fetchToken, removeToken, saveToken, updateToken } from './store/token-store';
import { fetchUser } from './store/user-store';

type TokenDeps = Pick<AccountsDeps, 'couch' | 'bus'>;

export async function issueToken(deps: TokenDeps, opts: IssueTokenOptions): Promise<TokenDoc & { _id: string; _rev: string }> {
  const owner = opts.ownerId ? await deps.couch.get<UserDoc & TokenGenerationHolder>(accountDbName(opts.accountId), opts.ownerId) : undefined;
  const original = opts.original ? await deps.couch.get<UserDoc & TokenGenerationHolder>(accountDbName(opts.original.accountId), opts.original.ownerId) : undefined;
  return saveToken(deps, newTokenDoc(opts, owner?.pvt_token_generation, gregorianNow(), Date.now(), original?.pvt_token_generation));
}

/** Deletes the token; true when there was one to delete. */
export async function revokeToken(deps: TokenDeps, token: string): Promise<boolean> {
  return removeToken(deps, token);
}

/** Moves a user's token to the given generation (the one a password change is about to start). */
export async function keepTokenAlive(deps: TokenDeps, token: string, accountId: string, ownerId: string, generation: number): Promise<void> {
  await updateToken(deps, token, (cur) => (cur.account_id === accountId && cur.owner_id === ownerId ? { ...cur, pvt_token_generation: generation } : undefined));
}

/** The account and its ancestors when a login or token may act for it: live, enabled, under no disabled ancestor. */
async function usableChain(deps: Pick<AccountsDeps, 'couch'>, account: AccountDoc | undefined): Promise<AccountDoc[] | undefined> {
  if (!account || isDeleted(account) || !isEnabled(account)) return undefined;
  const ancestors = [...(await fetchAccountsById(deps.couch, treeOf(account))).values()];
  for (const a of ancestors) if (isDeleted(a) || !isEnabled(a)) return undefined;
  return [account, ...ancestors];
}

/** An account a login or token may act for: live, enabled, and under no disabled ancestor. */
export async function isUsableAccount(deps: Pick<AccountsDeps, 'couch'>, account: AccountDoc | undefined): Promise<boolean> {
  return (await usableChain(deps, account)) !== undefined;
}

/** What a live token stands for. */
export interface TokenHolder {
  token: TokenDoc;
  account: AccountDoc;
  /** The user of a user_auth token; absent for api_auth. */
  user?: UserDoc;
}

/**
 * The live token's account and user, or undefined: unknown, expired, its account (or an ancestor)
 * disabled or deleted, its user disabled or deleted, an api_auth token whose key was regenerated.
 * Tokens that can never work again are deleted on the way.
 */
export async function authenticateToken(deps: TokenDeps, token: string, opts: { expirySeconds: number }): Promise<TokenHolder | undefined> {
  const doc = await fetchToken(deps.couch, token);
  if (!doc) return undefined;
  if (isExpired(doc, opts.expirySeconds, gregorianNow())) {
    await removeToken(deps, token);
    return undefined;
  }
  const [account, user] = await Promise.all([
    fetchAccount(deps.couch, doc.account_id),
    doc.owner_id ? fetchUser(deps.couch, doc.account_id, doc.owner_id) : Promise.resolve(undefined),
  ]);
  const chain = await usableChain(deps, account);
  if (!account || !chain) return undefined;
  const state = worst(tokenState(doc, account, chain, user), await impersonation(deps, doc));
  if (state === 'ended') await removeToken(deps, token);
  if (state !== 'live') return undefined;
  return { token: doc, account, ...(user ? { user } : {}) };
}

function worst(a: 'live' | 'refused' | 'ended', b: 'live' | 'refused' | 'ended'): 'live' | 'refused' | 'ended' {
  return a === 'ended' || b === 'ended' ? 'ended' : a === 'refused' || b === 'refused' ? 'refused' : 'live';
}

/** An impersonation token also needs its impersonator live (see impersonatorState). */
async function impersonation(deps: TokenDeps, doc: TokenDoc): Promise<'live' | 'refused' | 'ended'> {
  if (!doc.original_owner_id || !doc.original_account_id) return 'live';
  const [account, user] = await Promise.all([fetchAccount(deps.couch, doc.original_account_id), fetchUser(deps.couch, doc.original_account_id, doc.original_owner_id)]);
  return impersonatorState(doc, await usableChain(deps, account), user);
}
