// CouchDB's AuthSession cookie: "name:issued-at:mac", base64url; the mac is keyed by a per-server
// secret and the admin's password, so a password change or a restart ends every session.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'AuthSession';
/** CouchDB's couch_httpd_auth/timeout default. */
export const SESSION_TIMEOUT_S = 600;

function mac(key: Buffer, payload: string): Buffer {
  return createHmac('sha256', key).update(payload).digest();
}

export function issueSessionCookie(key: Buffer, name: string, nowS: number): string {
  const payload = `${name}:${Math.floor(nowS).toString(16)}`;
  return Buffer.from(`${payload}:${mac(key, payload).toString('base64url')}`).toString('base64url');
}

/** The session's user name, or undefined for a forged, malformed or expired cookie. */
export function readSessionCookie(key: Buffer, value: string, nowS: number, timeoutS = SESSION_TIMEOUT_S): string | undefined {
  const decoded = Buffer.from(value, 'base64url').toString('utf8');
  const macAt = decoded.lastIndexOf(':');
  const timeAt = decoded.lastIndexOf(':', macAt - 1);
  if (timeAt <= 0) return undefined;
  const payload = decoded.slice(0, macAt);
  const given = Buffer.from(decoded.slice(macAt + 1), 'base64url');
  const expected = mac(key, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const issued = Number.parseInt(decoded.slice(timeAt + 1, macAt), 16);
  if (!Number.isFinite(issued) || nowS - issued > timeoutS || issued - nowS > 60) return undefined;
  return decoded.slice(0, timeAt);
}
