// A CouchDB-API server for development and tests: express-pouchdb with its gaps closed
// (Kazoo's '/' in db names, CouchDB's name rule, a crash on filter=_selector, old Futon links).
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createLogger } from '@tollgate/log';
import express from 'express';
import { illegalDbNameReason, isLegalDbName } from './db-name-rule';

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
}

let memoryServers = 0;

export interface EmbeddedCouchDB {
  url: string;
  port: number;
  close(): Promise<void>;
}

// express-pouchdb's lib/clean-filename.js ran sanitize-filename on db names, stripping '/', so
// 'account/ab/cd/..' became 'accountabcd..' and two names aliased one db. patches/express-pouchdb
// makes it the identity; the name rule in guards() keeps paths safe instead.
function loadExpressPouchDB(): (pouch: unknown, opts: object) => express.Express {
  return require('express-pouchdb');
}

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

function guards(): express.Router {
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

export async function startEmbeddedCouchDB(opts: EmbeddedCouchDBOptions): Promise<EmbeddedCouchDB> {
  const host = opts.host ?? '127.0.0.1';
  const stateDir = opts.dataDir ?? join(require('node:os').tmpdir(), `tollgate-couch-${process.pid}`);
  mkdirSync(stateDir, { recursive: true });
  const PouchDB = pouchConstructor(opts.dataDir, opts.memoryNamespace ?? `memory-${process.pid}-${++memoryServers}`);
  const app = express();
  app.disable('x-powered-by');
  app.use(guards());
  app.use(
    loadExpressPouchDB()(PouchDB, {
      mode: 'fullCouchDB',
      overrideMode: { exclude: ['routes/http-log'] },
      configPath: join(stateDir, 'couchdb-config.json'),
      logPath: join(stateDir, 'couchdb-log.txt'),
    }),
  );
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
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
