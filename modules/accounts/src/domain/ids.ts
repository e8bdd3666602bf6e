import { randomBytes } from 'node:crypto';

/** A new account or user id: 32 lowercase hex, like a CouchDB uuid. */
export function newDocId(): string {
  return randomBytes(16).toString('hex');
}

/** kzd_accounts:add_pvt_api_key: hex of 32 random bytes (64 characters). */
export function newApiKey(): string {
  return randomBytes(32).toString('hex');
}
