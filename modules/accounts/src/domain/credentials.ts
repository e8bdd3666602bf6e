import { createHash } from 'node:crypto';

/** What a client sends to user_auth and what a user doc stores: md5("username:password") in hex. */
export function md5Credentials(username: string, password: string): string {
  return createHash('md5').update(`${username}:${password}`).digest('hex');
}

/** The same over SHA-1 (user_auth "method": "sha"). */
export function sha1Credentials(username: string, password: string): string {
  return createHash('sha1').update(`${username}:${password}`).digest('hex');
}

/** Usernames are stored and hashed in lower case, so "Admin" and "admin" are one login. */
export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}
