import { randomBytes } from 'node:crypto';

/** `bytes` random bytes as lower-case hex: ids and names no other test uses. */
export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}
