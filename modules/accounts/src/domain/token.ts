// Auth tokens as Kazoo 3.x keeps them: a document per token in `token_auth`, `_id` = the token. A
// document per token makes revocation a delete and lets every request see at once that the
// account or user behind it changed. Here: the document and the rules that end a token.
import { randomBytes } from 'node:crypto';
import { type Doc, encodedAccountDb } from '@tollgate/kazoo-db';

export const TOKEN_TYPE = 'token';

export type AuthMethod = 'cb_user_auth' | 'cb_api_auth';

export type TokenDoc = Doc & {
  account_id: string;
  owner_id?: string;
  method: AuthMethod;
  /** api_auth tokens remember the key they came from: regenerating the key ends them. */
  api_key?: string;
  /** user_auth tokens: the user's token generation when issued (see isCurrentGeneration). */
  pvt_token_generation?: number;
  /** When it was issued, in ms: an account (or ancestor) disabled or enabled since ends it. */
  pvt_issued_ms?: number;
  pvt_created: number;
  /** An impersonation (cb_user_auth impersonate_user): who is impersonating (Kazoo's claims). */
  original_account_id?: string;
  original_owner_id?: string;
  /** The impersonator's token generation when issued: its password change or disable ends the impersonation too. */
  pvt_original_token_generation?: number;
};

/** What a user doc contributes to its tokens' validity. */
export interface TokenGenerationHolder {
  /** Raised when the user is disabled or enabled, or its password changes: older tokens die. */
  pvt_token_generation?: number;
}

export interface IssueTokenOptions {
  accountId: string;
  ownerId?: string;
  method: AuthMethod;
  apiKey?: string;
  /** The impersonator, for an impersonation token. */
  original?: { accountId: string; ownerId: string };
}

/** A new token doc: 256 random bits in hex as its id; `generation` is the owner's, for user logins. */
export function newTokenDoc(
  opts: IssueTokenOptions,
  generation: number | undefined,
  nowGregorian: number,
  nowMs: number,
  originalGeneration?: number,
): TokenDoc & { _id: string } {
  return {
    _id: randomBytes(32).toString('hex'),
    account_id: opts.accountId,
    ...(opts.ownerId ? { owner_id: opts.ownerId } : {}),
    method: opts.method,
    ...(opts.apiKey ? { api_key: opts.apiKey } : {}),
    ...(opts.original
      ? { original_account_id: opts.original.accountId, original_owner_id: opts.original.ownerId, pvt_original_token_generation: originalGeneration ?? 0 }
      : {}),
    ...(opts.ownerId ? { pvt_token_generation: generation ?? 0 } : {}),
    pvt_issued_ms: nowMs,
    pvt_type: TOKEN_TYPE,
    pvt_account_id: opts.accountId,
    pvt_account_db: encodedAccountDb(opts.accountId),
    pvt_created: nowGregorian,
    pvt_modified: nowGregorian,
    pvt_vsn: '1',
  };
}

/** Ids are hex, so anything else is no token; CouchDB reserves ids with a leading `_`. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{32,128}$/;

export function isTokenShaped(token: string): boolean {
  return TOKEN_SHAPE.test(token);
}

/** Seconds since issue (Gregorian) reached the expiry (crossbar `token_auth_expiry`). */
export function isExpired(token: TokenDoc, expirySeconds: number, nowGregorian: number): boolean {
  return nowGregorian - token.pvt_created >= expirySeconds;
}

/**
 * A user token lives while its generation is at least the user's. "At least", so that the token of
 * the request that changes the password can be moved to the new generation before the user is.
 */
export function isCurrentGeneration(token: TokenDoc, user: TokenGenerationHolder): boolean {
  return (token.pvt_token_generation ?? 0) >= (user.pvt_token_generation ?? 0);
}

/**
 * A token outlives no disable or enable of its account or an ancestor: once one of them is
 * re-enabled, tokens issued before the change stay dead (tokens without an issue time count as old).
 */
function predatesAccountChange(token: TokenDoc, accounts: Iterable<{ pvt_tokens_revoked_at?: number }>): boolean {
  const issued = token.pvt_issued_ms ?? 0;
  for (const a of accounts) if (typeof a.pvt_tokens_revoked_at === 'number' && issued <= a.pvt_tokens_revoked_at) return true;
  return false;
}

/** Whether a token issued to a live account still works: `ended` when it never can again (then it is deleted). */
export function tokenState(token: TokenDoc, account: { pvt_api_key?: string }, chain: Iterable<{ pvt_tokens_revoked_at?: number }>, user: (TokenGenerationHolder & { enabled?: boolean }) | undefined): 'live' | 'refused' | 'ended' {
  // Disabled and enabled again since the token was issued (the account or an ancestor).
  if (predatesAccountChange(token, chain)) return 'ended';
  if (token.method === 'cb_api_auth' && token.api_key !== account.pvt_api_key) return 'refused';
  if (token.owner_id && (!user || user.enabled === false)) return 'refused';
  // Disabling the user or changing its password started a new generation.
  if (user && !isCurrentGeneration(token, user)) return 'ended';
  return 'live';
}

/**
 * An impersonation token lives while the impersonator could still log in as itself: its user live
 * and enabled, of the same generation, its account and ancestors neither disabled nor re-enabled since.
 */
export function impersonatorState(
  token: TokenDoc,
  chain: Iterable<{ pvt_tokens_revoked_at?: number }> | undefined,
  impersonator: (TokenGenerationHolder & { enabled?: boolean }) | undefined,
): 'live' | 'refused' | 'ended' {
  if (!token.original_owner_id) return 'live';
  if (!chain || !impersonator || impersonator.enabled === false) return 'refused';
  if (predatesAccountChange(token, chain)) return 'ended';
  if ((token.pvt_original_token_generation ?? 0) < (impersonator.pvt_token_generation ?? 0)) return 'ended';
  return 'live';
}
