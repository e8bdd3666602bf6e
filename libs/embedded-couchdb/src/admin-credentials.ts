// The embedded server's admin (CouchDB 3's [admins] section): given by the caller, else the one
// kept in the data dir, else generated on first start and kept there (mode 0600).
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CouchAdmin {
  name: string;
  password: string;
}

/** Where the admin came from: the caller's settings, the data dir's file, or generated just now. */
export type CouchAdminSource = 'given' | 'stored' | 'generated';

export const DEFAULT_ADMIN_NAME = 'admin';
/** A '.' never occurs in a CouchDB database name, so this file cannot collide with a db's files. */
export const ADMIN_FILE = 'couchdb-admin.json';

export function adminFile(dataDir: string): string {
  return join(dataDir, ADMIN_FILE);
}

export function generatedAdminPassword(): string {
  return randomBytes(18).toString('base64url');
}

/** The admin kept in the data dir, or undefined when there is none (yet). */
export function readStoredAdmin(dataDir: string): CouchAdmin | undefined {
  const file = adminFile(dataDir);
  if (!existsSync(file)) return undefined;
  // Tighten a file someone loosened: the password opens every database.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<CouchAdmin>;
  if (typeof parsed.name !== 'string' || typeof parsed.password !== 'string' || !parsed.password) {
    throw new Error(`${file} must hold {"name": "...", "password": "..."}`);
  }
  return { name: parsed.name, password: parsed.password };
}

function storeAdmin(dataDir: string, admin: CouchAdmin): void {
  const file = adminFile(dataDir);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(admin, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

export interface AdminSettings {
  /** TOLLGATE_COUCHDB_USER */
  name?: string;
  /** TOLLGATE_COUCHDB_PASSWORD */
  password?: string;
}

/**
 * The admin a server on `dataDir` uses: the given name and password win; what is missing comes
 * from the data dir's file; a password still missing is generated and stored when `create` is set
 * (a server starting), and left undefined otherwise (a client looking it up).
 */
export function resolveAdmin(dataDir: string, given: AdminSettings, create: true): CouchAdmin & { source: CouchAdminSource };
export function resolveAdmin(dataDir: string, given: AdminSettings, create: false): (CouchAdmin & { source: CouchAdminSource }) | undefined;
export function resolveAdmin(dataDir: string, given: AdminSettings, create: boolean): (CouchAdmin & { source: CouchAdminSource }) | undefined {
  const stored = readStoredAdmin(dataDir);
  const name = given.name || stored?.name || DEFAULT_ADMIN_NAME;
  if (given.password) return { name, password: given.password, source: 'given' };
  if (stored) return { name, password: stored.password, source: 'stored' };
  if (!create) return undefined;
  const admin = { name, password: generatedAdminPassword() };
  storeAdmin(dataDir, admin);
  return { ...admin, source: 'generated' };
}
