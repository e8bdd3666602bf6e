// Settings from the environment, with the names the README documents.
import { resolve } from 'node:path';

export interface Settings {
  dataDir: string;
  httpPort: number;
  couchPort: number;
  couchUrl: string | undefined;
  amqpUrl: string | undefined;
  masterAccountName: string | undefined;
  adminUsername: string | undefined;
  adminPassword: string | undefined;
}

function port(name: string, dflt: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} must be a port number, got ${JSON.stringify(raw)}`);
  return n;
}

export function readSettings(): Settings {
  return {
    dataDir: resolve(process.env.TOLLGATE_DATA_DIR || './data'),
    httpPort: port('TOLLGATE_HTTP_PORT', 8000),
    couchPort: port('TOLLGATE_COUCHDB_PORT', 15984),
    couchUrl: process.env.COUCHDB_URL || undefined,
    amqpUrl: process.env.AMQP_URL || undefined,
    masterAccountName: process.env.TOLLGATE_MASTER_ACCOUNT_NAME || undefined,
    adminUsername: process.env.TOLLGATE_ADMIN_USERNAME || undefined,
    adminPassword: process.env.TOLLGATE_ADMIN_PASSWORD || undefined,
  };
}

/** The CouchDB a CLI verb talks to: COUCHDB_URL, else the embedded server's default address. */
export function couchUrlOf(settings: Settings): string {
  return settings.couchUrl ?? `http://127.0.0.1:${settings.couchPort}`;
}
