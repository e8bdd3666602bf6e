// Auth tokens as documents in `token_auth` (Kazoo 3.x's design; _id = the token). A document per
// token makes revocation a delete, and lets every request see at once that an account or user
// was disabled or deleted. The expiry policy lives with the reader (crossbar's authenticator).
import { randomBytes } from 'node:crypto';
import { type Couch, type Doc, GLOBAL_DBS, encodedAccountDb, gregorianNow } from '@tollgate/kazoo-db';

export const TOKEN_DB = GLOBAL_DBS.tokenAuth;
export const TOKEN_TYPE = 'token';

export type AuthMethod = 'cb_user_auth' | 'cb_api_auth';

export type TokenDoc = Doc & {
  account_id: string;
  owner_id?: string;
  method: AuthMethod;
  /** api_auth tokens remember the key they came from: regenerating the key revokes them. */
  api_key?: string;
  pvt_created: number;
};

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
