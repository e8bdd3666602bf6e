// Auth tokens as documents in `token_auth` (Kazoo 3.x's design; _id = the token). A document per
// token makes revocation a delete, and lets every request see at once that an account or user
// was disabled or deleted. The expiry policy lives with the reader (crossbar's authenticator).
import { randomBytes } from 'node:crypto';
import { type Couch, type Doc, GLOBAL_DBS, accountDbName, encodedAccountDb, gregorianNow } from '@tollgate/kazoo-db';

export const TOKEN_DB = GLOBAL_DBS.tokenAuth;
export const TOKEN_TYPE = 'token';

export type AuthMethod = 'cb_user_auth' | 'cb_api_auth';

export type TokenDoc = Doc & {
  account_id: string;
  owner_id?: string;
  method: AuthMethod;
  /** api_auth tokens remember the key they came from: regenerating the key revokes them. */
  api_key?: string;
  /** user_auth tokens: the user's token generation when issued (see isCurrentGeneration). */
  pvt_token_generation?: number;
  /** When it was issued, in ms: an account (or ancestor) disabled or enabled since ends it. */
  pvt_issued_ms?: number;
  pvt_created: number;
};

/** What a user doc contributes to its tokens' validity. */
export interface TokenGenerationHolder {
  /** Raised when the user is disabled or enabled, or its password changes: older tokens die. */
  pvt_token_generation?: number;
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
export function predatesAccountChange(token: TokenDoc, accounts: Iterable<{ pvt_tokens_revoked_at?: number }>): boolean {
  const issued = token.pvt_issued_ms ?? 0;
  for (const a of accounts) if (typeof a.pvt_tokens_revoked_at === 'number' && issued <= a.pvt_tokens_revoked_at) return true;
  return false;
}

async function userGeneration(couch: Couch, accountId: string, ownerId: string): Promise<number> {
  const user = await couch.get<Doc & TokenGenerationHolder>(accountDbName(accountId), ownerId).catch(() => undefined);
  return user?.pvt_token_generation ?? 0;
}

/** Moves a user's token to the given generation (the one a password change is about to start). */
export async function keepTokenAlive(couch: Couch, token: string, accountId: string, ownerId: string, generation: number): Promise<void> {
  if (!isTokenShaped(token)) return;
  await couch.update<TokenDoc>(TOKEN_DB, token, (cur) =>
    cur && cur.pvt_type === TOKEN_TYPE && cur.account_id === accountId && cur.owner_id === ownerId ? { ...cur, pvt_token_generation: generation } : undefined,
  );
}

/** 256 random bits in hex: nothing to guess, nothing to escape, never a leading `_` (CouchDB reserves those ids). */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{32,128}$/;

export function isTokenShaped(token: string): boolean {
  return TOKEN_SHAPE.test(token);
}

export interface IssueTokenOptions {
  accountId: string;
  ownerId?: string;
  method: AuthMethod;
  apiKey?: string;
}

export async function issueToken(couch: Couch, opts: IssueTokenOptions): Promise<TokenDoc & { _id: string; _rev: string }> {
  const now = gregorianNow();
  const doc: TokenDoc = {
    _id: randomBytes(32).toString('hex'),
    account_id: opts.accountId,
    ...(opts.ownerId ? { owner_id: opts.ownerId } : {}),
    method: opts.method,
    ...(opts.apiKey ? { api_key: opts.apiKey } : {}),
    ...(opts.ownerId ? { pvt_token_generation: await userGeneration(couch, opts.accountId, opts.ownerId) } : {}),
    pvt_issued_ms: Date.now(),
    pvt_type: TOKEN_TYPE,
    pvt_account_id: opts.accountId,
    pvt_account_db: encodedAccountDb(opts.accountId),
    pvt_created: now,
    pvt_modified: now,
    pvt_vsn: '1',
  };
  return couch.put(TOKEN_DB, doc);
}

export async function fetchToken(couch: Couch, token: string): Promise<TokenDoc | undefined> {
  if (!isTokenShaped(token)) return undefined;
  const doc = await couch.get<TokenDoc>(TOKEN_DB, token);
  return doc && doc.pvt_type === TOKEN_TYPE ? doc : undefined;
}

/** Deletes the token; true when there was one to delete. */
export async function revokeToken(couch: Couch, token: string): Promise<boolean> {
  const doc = await fetchToken(couch, token);
  if (!doc?._rev) return false;
  try {
    await couch.db(TOKEN_DB).destroy(token, doc._rev);
    return true;
  } catch {
    return false;
  }
}
