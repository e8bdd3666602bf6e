// Settings from the environment, with the names the README documents.
import { join, resolve } from 'node:path';
import { resolveAdmin } from '@tollgate/embedded-couchdb';

export interface Settings {
  dataDir: string;
  httpPort: number;
  /** crossbar's listen address: loopback unless TOLLGATE_HTTP_HOST says otherwise (0.0.0.0: all). */
  httpHost: string;
  couchPort: number;
  /** The operations port (GET /metrics, GET /health), TOLLGATE_METRICS_PORT; 0 picks a free one. */
  metricsPort: number;
  /** Its listen address, TOLLGATE_METRICS_HOST (loopback unless set). */
  metricsHost: string;
  /** The embedded database's admin (TOLLGATE_COUCHDB_USER / TOLLGATE_COUCHDB_PASSWORD). */
  couchAdmin: { name?: string; password?: string };
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
    httpHost: process.env.TOLLGATE_HTTP_HOST || '127.0.0.1',
    couchPort: port('TOLLGATE_COUCHDB_PORT', 15984),
    metricsPort: port('TOLLGATE_METRICS_PORT', 9464),
    metricsHost: process.env.TOLLGATE_METRICS_HOST || '127.0.0.1',
    couchAdmin: { name: process.env.TOLLGATE_COUCHDB_USER || undefined, password: process.env.TOLLGATE_COUCHDB_PASSWORD || undefined },
    couchUrl: process.env.COUCHDB_URL || undefined,
    amqpUrl: process.env.AMQP_URL || undefined,
    masterAccountName: process.env.TOLLGATE_MASTER_ACCOUNT_NAME || undefined,
    adminUsername: process.env.TOLLGATE_ADMIN_USERNAME || undefined,
    adminPassword: process.env.TOLLGATE_ADMIN_PASSWORD || undefined,
  };
}

export function defaultEmbeddedDataDir(dataDir: string): string {
  return join(dataDir, 'couchdb');
}

/**
 * The CouchDB a CLI verb talks to: COUCHDB_URL, else the embedded server on this machine with its
 * admin (the settings, else the one `tollgate up` keeps in the data dir).
 */
export function couchUrlOf(settings: Settings): string {
  if (settings.couchUrl) return settings.couchUrl;
  const url = new URL(`http://127.0.0.1:${settings.couchPort}`);
  const admin = resolveAdmin(defaultEmbeddedDataDir(settings.dataDir), settings.couchAdmin, false);
  if (admin) {
    url.username = encodeURIComponent(admin.name);
    url.password = encodeURIComponent(admin.password);
  }
  return url.toString().replace(/\/+$/, '');
}
