// Apache CouchDB 3's access rule on the embedded server: only the admin (HTTP Basic or an
// AuthSession cookie from POST /_session, which is how Fauxton logs in) gets past; anonymous
// callers reach only GET /, /_up, /_session and Fauxton's static files. express-pouchdb behind this
// guard stays in its admin party, so the guard is the one place that decides.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import express from 'express';
import type { CouchAdmin } from './admin-credentials';
import { issueSessionCookie, readSessionCookie, SESSION_COOKIE, SESSION_TIMEOUT_S } from './session-cookie';

const SYSTEM_DBS = new Set(['_users', '_replicator', '_global_changes']);
const HANDLERS = ['cookie', 'default'];

type Caller = { admin: false } | { admin: true; via: 'cookie' | 'default' };

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

function basicCredentials(header: string | undefined): { name: string; password: string } | undefined {
  const m = header?.match(/^basic\s+(\S+)\s*$/i);
  if (!m) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? { name: decoded, password: '' } : { name: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function withoutCookie(header: string, name: string): string {
  return header
    .split(';')
    .filter((part) => part.split('=')[0].trim() !== name)
    .join(';')
    .trim();
}

function unauthorized(res: express.Response, reason: string): void {
  res.status(401).type('application/json').send(JSON.stringify({ error: 'unauthorized', reason }));
}

/** CouchDB's words for an anonymous caller: server endpoints need a server admin, dbs a member. */
function anonymousReason(path: string): string {
  const first = path.split('/')[1] ?? '';
  return first.startsWith('_') && !SYSTEM_DBS.has(first) ? 'You are not a server admin.' : 'You are not authorized to access this db.';
}

function decodedPath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** A `next` after login may only lead somewhere on this server. */
function safeNext(next: unknown): string | undefined {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.includes('\\') ? next : undefined;
}

export function adminGuard(admin: CouchAdmin, fauxtonDir: string): express.Router {
  // The key includes the password, so changing it ends every session; the random part ends them
  // at a restart.
  const cookieKey = Buffer.concat([randomBytes(32), digest(admin.password)]);
  const adminName = digest(admin.name);
  const adminPassword = digest(admin.password);
  const isAdmin = (name: unknown, password: unknown): boolean => {
    if (typeof name !== 'string' || typeof password !== 'string') return false;
    const nameOk = timingSafeEqual(digest(name), adminName);
    const passwordOk = timingSafeEqual(digest(password), adminPassword);
    return nameOk && passwordOk;
  };
  const nowS = () => Date.now() / 1000;
  const setSession = (res: express.Response) =>
    res.cookie(SESSION_COOKIE, issueSessionCookie(cookieKey, admin.name, nowS()), { httpOnly: true, sameSite: 'strict', path: '/', maxAge: SESSION_TIMEOUT_S * 1000 });

  /** undefined: credentials were given and are wrong. */
  const identify = (req: express.Request): Caller | undefined => {
    const basic = basicCredentials(req.headers.authorization);
    if (basic) return isAdmin(basic.name, basic.password) ? { admin: true, via: 'default' } : undefined;
    const cookie = cookieValue(req.headers.cookie, SESSION_COOKIE);
    if (cookie && readSessionCookie(cookieKey, cookie, nowS()) === admin.name) return { admin: true, via: 'cookie' };
    return { admin: false };
  };

  const router = express.Router();

  // Fauxton logs out with Basic "_:_" to make the browser forget credentials: always succeeds.
  router.delete('/_session', (_req, res) => {
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.json({ ok: true });
  });

  // Fauxton posts a form, nano and curl post JSON.
  router.post('/_session', express.json({ limit: '16kb' }), express.urlencoded({ extended: false, limit: '16kb' }), (req, res) => {
    const body = (req.body ?? {}) as { name?: unknown; password?: unknown };
    if (!isAdmin(body.name, body.password)) {
      unauthorized(res, 'Name or password is incorrect.');
      return;
    }
    setSession(res);
    const next = safeNext(req.query.next);
    if (next) res.redirect(302, next);
    else res.json({ ok: true, name: admin.name, roles: ['_admin'] });
  });
  // A body the parsers reject gets CouchDB's answer, not express's HTML error page.
  router.use('/_session', (_err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(400).json({ error: 'bad_request', reason: 'invalid UTF-8 JSON' });
  });

  router.use((req, res, next) => {
    const caller = identify(req);
    if (!caller) {
      unauthorized(res, 'Name or password is incorrect.');
      return;
    }
    if (caller.admin && caller.via === 'cookie') setSession(res);
    if (req.path === '/_session' && req.method === 'GET') {
      res.json(
        caller.admin
          ? { ok: true, userCtx: { name: admin.name, roles: ['_admin'] }, info: { authentication_db: '_users', authentication_handlers: HANDLERS, authenticated: caller.via } }
          : { ok: true, userCtx: { name: null, roles: [] }, info: { authentication_db: '_users', authentication_handlers: HANDLERS } },
      );
      return;
    }
    if (req.path === '/_utils' || req.path.startsWith('/_utils/')) {
      next();
      return;
    }
    const welcome = req.path === '/' && (req.method === 'GET' || req.method === 'HEAD');
    if (!caller.admin && !welcome) {
      unauthorized(res, anonymousReason(decodedPath(req.path)));
      return;
    }
    // An admin added to express-pouchdb's own config would end its admin party and lock this
    // server's admin out behind the guard; the admin is set by the guard's settings instead.
    if (req.method !== 'GET' && /^\/_config\/admins(\/|$)/.test(decodedPath(req.path))) {
      res.status(403).json({ error: 'forbidden', reason: 'the embedded server has one admin, set by TOLLGATE_COUCHDB_USER and TOLLGATE_COUCHDB_PASSWORD' });
      return;
    }
    delete req.headers.authorization;
    if (req.headers.cookie) {
      const rest = withoutCookie(req.headers.cookie, SESSION_COOKIE);
      if (rest) req.headers.cookie = rest;
      else delete req.headers.cookie;
    }
    next();
  });

  // Fauxton's files are served here, so nothing under /_utils ever reaches a database route.
  router.use('/_utils', express.static(fauxtonDir), (_req, res) => {
    res.status(404).json({ error: 'not_found', reason: 'missing' });
  });
  return router;
}
