// A CouchDB-API server for development and tests: express-pouchdb with its gaps closed
// (an admin instead of an admin party, Kazoo's '/' in db names, CouchDB's name rule, a crash on
// filter=_selector, bodies read as CouchDB reads them, CouchDB's welcome, old Futon links).
import { chmodSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { createLogger } from '@tollgate/log';
import express from 'express';
import { type AdminSettings, type CouchAdmin, type CouchAdminSource, generatedAdminPassword, DEFAULT_ADMIN_NAME, resolveAdmin } from './admin-credentials';
import { adminGuard } from './admin-guard';
import { illegalDbNameReason, isLegalDbName } from './db-name-rule';
import { requestBodies } from './request-bodies';
import { welcome } from './welcome';

const log = createLogger('embedded-couchdb');

export interface EmbeddedCouchDBOptions {
  /** Port to listen on; 0 picks a free one. */
  port: number;
  host?: string;
  /** LevelDB files go here; omit for an in-memory server (tests). */
  dataDir?: string;
  /**
   * In memory only: servers started with the same namespace in one process share their data (a
   * test restarting "the" server). Without it every in-memory server starts empty and sees only
   * its own databases.
   */
  memoryNamespace?: string;
  /**
   * The admin (TOLLGATE_COUCHDB_USER / TOLLGATE_COUCHDB_PASSWORD). What is not given comes from
   * `dataDir`'s couchdb-admin.json, or is generated (and kept there when there is a `dataDir`; in
   * memory, servers of one memoryNamespace share it).
   */
  admin?: AdminSettings;
}

let memoryServers = 0;
const memoryAdmins = new Map<string, CouchAdmin>();

export interface EmbeddedCouchDB {
  /** What clients use: `http://<admin>:<password>@host:port` (nano and couchEndpoint take it). */
  url: string;
  /** `http://host:port`, without credentials: for people (the banner, Fauxton). */
  origin: string;
  admin: CouchAdmin;
  adminSource: CouchAdminSource;
  port: number;
  close(): Promise<void>;
}

// express-pouchdb's lib/clean-filename.js ran sanitize-filename on db names, stripping '/', so
// 'account/ab/cd/..' became 'accountabcd..' and two names aliased one db. patches/express-pouchdb
// makes it the identity; the name rule in guards() keeps paths safe instead.
type PouchApp = express.Express & { couchConfig?: { get(section: string, key: string): unknown } };
function loadExpressPouchDB(): (pouch: unknown, opts: object) => PouchApp {
  return require('express-pouchdb');
}

// express-pouchdb's own default for couchdb/max_document_size.
const DEFAULT_MAX_DOCUMENT_SIZE = 4 * 1024 * 1024 * 1024;

type PouchConstructor = { plugin(p: unknown): PouchConstructor; defaults(o: object): unknown };
let basePouch: PouchConstructor | undefined;

// Plugins mutate the PouchDB class, so they are applied once per process; each server gets its
// own defaults (adapter and directory) on top.
function pouchConstructor(dataDir: string | undefined, memoryNamespace: string) {
  if (!basePouch) {
    basePouch = (require('pouchdb-core') as PouchConstructor)
      .plugin(require('pouchdb-adapter-http'))
      .plugin(require('pouchdb-mapreduce'))
      .plugin(require('pouchdb-replication'))
      .plugin(require('pouchdb-adapter-leveldb'))
      .plugin(require('pouchdb-adapter-memory'));
  }
  return dataDir ? basePouch.defaults({ adapter: 'leveldb', prefix: `${dataDir}/` }) : basePouch.defaults({ adapter: 'memory', prefix: `${memoryNamespace}/` });
}

function couchError(res: express.Response, status: number, error: string, reason: string) {
  res.status(status).type('application/json').send(JSON.stringify({ error, reason }));
}

/** The first path segment names a database unless it is a server endpoint ('_all_dbs', '_utils', …). */
function dbSegment(url: string): string | undefined {
  const raw = url.split('?')[0].split('/')[1];
  if (!raw || raw.startsWith('_')) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** What CouchDB 3 answers without credentials besides GET / and /_session. */
function publicEndpoints(): express.Router {
  const router = express.Router();
  router.get('/_up', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Futon links admins keep (seed 000: /_utils/document.html?services/<id>) open the doc in Fauxton.
  router.get(['/_utils/document.html', '/_utils/database.html'], (req, res) => {
    const query = req.originalUrl.split('?')[1] ?? '';
    const [db, ...doc] = decodeURIComponent(query).split('/');
    const target = doc.length
      ? `/_utils/#database/${encodeURIComponent(db)}/${encodeURIComponent(doc.join('/'))}`
      : `/_utils/#database/${encodeURIComponent(db)}/_all_docs`;
    res.redirect(302, target);
  });
  return router;
}

function requestGuards(): express.Router {
  const router = express.Router();
  router.use((req, res, next) => {
    const db = dbSegment(req.originalUrl);
    if (db !== undefined && !isLegalDbName(db)) {
      couchError(res, 400, 'illegal_database_name', illegalDbNameReason(db));
      return;
    }
    // pouchdb answers filter=_selector with a 404 and then crashes the process on an unhandled
    // 'error' event; refuse it before it gets there.
    if (req.path.endsWith('/_changes') && req.query.filter === '_selector') {
      couchError(res, 400, 'bad_request', 'filter=_selector is not supported by the embedded server');
      return;
    }
    next();
  });
  return router;
}

let crashGuardInstalled = false;
function installCrashGuard() {
  if (crashGuardInstalled) return;
  crashGuardInstalled = true;
  // A stray error event inside pouchdb must not take the database (and every service in this
  // process) down; it is logged loudly instead.
  process.on('uncaughtException', (err) => {
    log.error('uncaught exception (process kept alive)', { error: err?.stack ?? String(err) });
  });
}

function fauxtonDir(): string {
  return dirname(require.resolve('pouchdb-fauxton', { paths: [dirname(require.resolve('express-pouchdb'))] }));
}

function memoryAdmin(namespace: string, given: AdminSettings): CouchAdmin & { source: CouchAdminSource } {
  const known = memoryAdmins.get(namespace);
  const admin = {
    name: given.name || known?.name || DEFAULT_ADMIN_NAME,
    password: given.password || known?.password || generatedAdminPassword(),
  };
  memoryAdmins.set(namespace, admin);
  return { ...admin, source: given.password ? 'given' : known ? 'stored' : 'generated' };
}

function clientUrl(origin: string, admin: CouchAdmin): string {
  const u = new URL(origin);
  u.username = encodeURIComponent(admin.name);
  u.password = encodeURIComponent(admin.password);
  return u.toString().replace(/\/+$/, '');
}

export async function startEmbeddedCouchDB(opts: EmbeddedCouchDBOptions): Promise<EmbeddedCouchDB> {
  const host = opts.host ?? '127.0.0.1';
  const stateDir = opts.dataDir ?? join(require('node:os').tmpdir(), `tollgate-couch-${process.pid}`);
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  // The LevelDB files hold every token and api key: nobody else on the machine reads them.
  if (opts.dataDir) chmodSync(opts.dataDir, 0o700);
  const namespace = opts.memoryNamespace ?? `memory-${process.pid}-${++memoryServers}`;
  const { source: adminSource, ...admin } = opts.dataDir ? resolveAdmin(opts.dataDir, opts.admin ?? {}, true) : memoryAdmin(namespace, opts.admin ?? {});
  const PouchDB = pouchConstructor(opts.dataDir, namespace);
  const app = express();
  app.disable('x-powered-by');
  app.use(publicEndpoints());
  app.use(adminGuard(admin, fauxtonDir()));
  app.use(requestGuards());
  const pouchApp = loadExpressPouchDB()(PouchDB, {
    mode: 'fullCouchDB',
    // No gzip: Apache CouchDB sends JSON uncompressed too, and on loopback compressing a report's
    // megabyte chunks cost more than sending them (and held longpoll answers back in its buffer).
    overrideMode: { exclude: ['routes/http-log', 'compression'] },
    configPath: join(stateDir, 'couchdb-config.json'),
    logPath: join(stateDir, 'couchdb-log.txt'),
  });
  app.use(requestBodies(() => Number(pouchApp.couchConfig?.get('couchdb', 'max_document_size')) || DEFAULT_MAX_DOCUMENT_SIZE));
  app.use(welcome());
  app.use(pouchApp);
  installCrashGuard();
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(opts.port, host);
    s.once('listening', () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
  });
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url: clientUrl(origin, admin),
    origin,
    admin,
    adminSource,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
