// The crossbar core: one express app, one dispatcher. Every answer is Kazoo's envelope: successes,
// errors, unknown paths, wrong methods, malformed or oversized bodies — never an HTML page.
import { randomBytes } from 'node:crypto';
import { errors, isKazooError, KazooError } from '@tollgate/errors';
import { toKazooError } from '@tollgate/kazoo-db';
import { createLogger } from '@tollgate/log';
import { metricsOf, runAsWriteActor, type WriteActor } from '@tollgate/service-kit';
import express, { type Request, type Response } from 'express';
import { isCsv, mediaType, readJson, streamCsv } from './body';
import { cors } from './cors';
import { jsonLimits, pageSizeDefault, uploadLimits } from './crossbar-config';
import { type EnvelopeBase, encodeNode, errorEnvelope, successEnvelope } from './envelope';
import { listRevision } from './list-revision';
import { portalStatic } from './portal-static';
import { decodeStartKey, type PageRequest } from './pagination';
import { Router } from './router';
import type { AuthContext, Authenticator, CrossbarDeps, CrossbarModule, Method, Reply, RequestContext, RouteSpec } from './types';

const log = createLogger('crossbar');
const METHODS: Method[] = ['GET', 'PUT', 'POST', 'PATCH', 'DELETE'];

export interface CrossbarAppOptions {
  deps: CrossbarDeps;
  modules: CrossbarModule[];
  authenticator: Authenticator;
}

function tokenFrom(req: Request, body: Record<string, unknown>): string {
  const header = req.headers['x-auth-token'];
  if (typeof header === 'string' && header) return header;
  if (typeof req.query.auth_token === 'string' && req.query.auth_token) return req.query.auth_token;
  if (typeof body.auth_token === 'string' && body.auth_token) return body.auth_token;
  const authz = req.headers.authorization;
  if (authz?.startsWith('Bearer ')) return authz.slice(7).trim();
  return '';
}

function queryOf(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.query)) {
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v) && typeof v[0] === 'string') out[k] = v[0];
  }
  return out;
}

/** Kazoo's method tunnelling: `?verb=PUT`, X-HTTP-Method-Override. */
function effectiveMethod(req: Request, query: Record<string, string>): string {
  const override = query.verb ?? (req.headers['x-http-method-override'] as string | undefined);
  return (req.method === 'POST' && override ? override : req.method).toUpperCase();
}

async function pageRequest(deps: CrossbarDeps, query: Record<string, string>): Promise<PageRequest> {
  const descending = query.descending === 'true' || query.ascending === 'false';
  if (query.paginate === 'false') return { pageSize: undefined, startKey: undefined, descending };
  const requested = Number(query.page_size);
  const pageSize = Number.isInteger(requested) && requested > 0 ? requested : await pageSizeDefault(deps.config);
  return { pageSize, startKey: query.start_key !== undefined ? decodeStartKey(query.start_key) : undefined, descending };
}

function asKazooError(err: unknown): KazooError {
  if (isKazooError(err)) return err;
  if (typeof err === 'object' && err !== null && ('statusCode' in err || (err as Error).message?.startsWith('error happened in your connection'))) {
    return toKazooError(err);
  }
  log.error('unhandled error in crossbar', { error: (err as Error)?.stack ?? String(err) });
  return errors.system('internal_error', { message: 'internal server error' });
}

export function createCrossbarApp(opts: CrossbarAppOptions): express.Express {
  const { deps } = opts;
  const router = new Router();
  for (const mod of opts.modules) for (const route of mod.routes(deps)) router.add(route);
  const nodeId = encodeNode(deps.node);
  const observe = requestMetrics(deps);

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.use(cors);
  // The reseller portal's files (not API routes: no envelope, no route policy).
  app.use((req: Request, res: Response, next: express.NextFunction) => {
    const [path, query] = req.originalUrl.split('?', 2);
    if (path === '/portal') res.redirect(301, '/portal/');
    // The site's root is the portal: a reseller's domain (https://{domain}/) and the password
    // recovery links mailed to it (https://{domain}/?recovery=<key>) open it.
    else if (path === '/' && (req.method === 'GET' || req.method === 'HEAD')) res.redirect(302, `/portal/${query ? `?${query}` : ''}`);
    else next();
  });
  app.use('/portal', portalStatic());

  app.use(async (req: Request, res: Response) => {
    const requestId = (req.headers['x-request-id'] as string | undefined)?.slice(0, 64) || randomBytes(16).toString('hex');
    res.set('X-Request-ID', requestId);
    const began = process.hrtime.bigint();
    let route = 'unmatched';
    let routeMethod = req.method;
    res.once('finish', () => observe(routeMethod, route, res.statusCode, began));
    const base: EnvelopeBase = { authToken: tokenFrom(req, {}), requestId, node: nodeId };
    const fail = (err: unknown) => sendError(res, base, asKazooError(err));
    const signedIn = async () => {
      const token = tokenFrom(req, {});
      return token !== '' && (await opts.authenticator.authenticate(token)) !== undefined;
    };
    try {
      const query = queryOf(req);
      if (req.method === 'OPTIONS') {
        // A preflight carries no token: it gets every method, so it learns nothing about the path.
        const { allowed } = router.find('GET', req.path);
        res.set('Allow', [...((await signedIn()) ? allowed : METHODS), 'OPTIONS'].join(', ')).status(200).end();
        return;
      }
      const method = effectiveMethod(req, query) as Method;
      const { match, allowed, malformed } = router.find(METHODS.includes(method) ? method : 'GET', req.path);
      if (match) {
        route = match.spec.path;
        routeMethod = method;
      }
      if (!match || !METHODS.includes(method)) {
        // Unauthenticated callers learn nothing about which paths and methods exist.
        if (!(await signedIn())) throw errors.invalidCredentials();
        if (malformed) throw errors.badRequest('malformed path', { message: 'the path has a malformed %-escape' });
        if (allowed.length > 0) {
          const err = errors.invalidMethod() as KazooError & { allow?: string };
          err.allow = [...allowed, 'OPTIONS'].join(', ');
          throw err;
        }
        throw errors.notFound();
      }
      const ctx = await buildContext(req, res, method, match.spec, match.params, query, requestId, deps, clientGone(res));
      base.authToken = ctx.authToken;
      await authenticate(ctx, match.spec, opts.authenticator);
      // Every write the handler makes is stamped with the login (and an impersonator): libs/service-kit write-actor.ts.
      const auth = ctx.auth;
      const reply = auth ? await runAsWriteActor(writeActorOf(auth), async () => match.spec.handler(ctx)) : await match.spec.handler(ctx);
      if (reply.authToken) base.authToken = reply.authToken;
      if (ctx.csv && !ctx.csv.readableEnded) ctx.csv.resume();
      send(res, base, method, reply);
    } catch (err) {
      fail(err);
    } finally {
      discardUnreadBody(req);
    }
  });
  // Whatever still escapes (express itself) is answered as an envelope, never the HTML error page.
  app.use((err: unknown, _req: Request, res: Response, _next: express.NextFunction) => {
    sendError(res, { authToken: '', requestId: String(res.getHeader('X-Request-ID') ?? ''), node: nodeId }, asKazooError(err));
  });
  return app;
}

/**
 * Requests, latency and errors per route template (never the raw path: one series per route, not
 * per account id), as `tollgate_crossbar_*`; a path no route matches counts as `unmatched`.
 */
function requestMetrics(deps: CrossbarDeps): (method: string, route: string, status: number, began: bigint) => void {
  const m = metricsOf(deps);
  const requests = m.counter('tollgate_crossbar_requests_total', 'crossbar requests answered, per route template, method and status', ['method', 'route', 'code']);
  const errorsTotal = m.counter('tollgate_crossbar_request_errors_total', 'crossbar requests answered with an error (status >= 400)', ['method', 'route', 'code']);
  const latency = m.histogram('tollgate_crossbar_request_duration_seconds', 'time from a request to its answer, per route template', ['method', 'route']);
  return (method, route, status, began) => {
    const code = String(status);
    requests.inc({ service: 'crossbar-api', method, route, code });
    if (status >= 400) errorsTotal.inc({ service: 'crossbar-api', method, route, code });
    latency.observe({ service: 'crossbar-api', method, route }, Number(process.hrtime.bigint() - began) / 1e9);
  };
}

/** A body the handler did not read (a refused upload) is drained, so the request never stays paused. */
function discardUnreadBody(req: Request): void {
  if (req.complete || req.readableEnded) return;
  req.unpipe();
  req.resume();
}

function sendError(res: Response, base: EnvelopeBase, kerr: KazooError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (kerr.code === 405) res.set('Allow', (kerr as KazooError & { allow?: string }).allow ?? '');
  // A body left unread (refused early, stalled, too large) makes the connection unusable for the next request.
  if (!res.req.complete) res.set('Connection', 'close');
  let body: string;
  try {
    body = JSON.stringify(errorEnvelope(base, kerr));
  } catch {
    // Error data that cannot be serialised (it echoed something odd) is replaced, not leaked as a 500 page.
    body = JSON.stringify(errorEnvelope(base, new KazooError(kerr.kind, kerr.code, kerr.envelopeMessage, { message: kerr.envelopeMessage })));
  }
  res.status(kerr.code).type('application/json').send(body);
}

/** Aborts when the client goes away before its answer is sent, so long operations can stop. */
function clientGone(res: Response): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}

async function buildContext(
  req: Request,
  res: Response,
  method: Method,
  spec: RouteSpec,
  params: Record<string, string>,
  query: Record<string, string>,
  requestId: string,
  deps: CrossbarDeps,
  signal: AbortSignal,
): Promise<RequestContext> {
  const kind = spec.body ?? (method === 'GET' || method === 'DELETE' ? 'none' : 'json');
  const type = mediaType(req);
  let body: Record<string, unknown> = {};
  let csv: RequestContext['csv'];
  if ((kind === 'csv' || kind === 'json-or-csv') && isCsv(type)) {
    csv = streamCsv(req, await uploadLimits(deps.config));
  } else if (kind === 'csv') {
    throw errors.unsupportedMediaType(type, ['text/csv']);
  } else if (kind === 'binary') {
    // left unread: the handler reads it (readRaw) after its access checks, under its own limit
  } else if (kind !== 'none' || method !== 'GET') {
    body = await readJson(req, await jsonLimits(deps.config));
  }
  const accept = (req.headers.accept ?? '').toLowerCase();
  const page = await pageRequest(deps, query);
  return {
    req,
    res,
    method,
    params,
    query,
    body,
    data: body.data,
    csv,
    contentType: type,
    auth: undefined,
    authToken: tokenFrom(req, body),
    requestId,
    accepts: accept.includes('text/csv') || query.accept === 'csv' || query.accept === 'text/csv' ? 'csv' : 'json',
    page,
    deps,
    signal,
  };
}

async function authenticate(ctx: RequestContext, spec: RouteSpec, authenticator: Authenticator): Promise<void> {
  const mode = spec.auth ?? 'required';
  if (mode === 'none') return;
  if (!ctx.authToken) {
    if (mode === 'required') throw errors.invalidCredentials();
    return;
  }
  const auth = await authenticator.authenticate(ctx.authToken);
  if (!auth) throw errors.invalidCredentials();
  ctx.auth = auth;
}

function writeActorOf(auth: AuthContext): WriteActor {
  return {
    accountId: auth.accountId,
    ...(auth.ownerId ? { ownerId: auth.ownerId } : {}),
    ...(auth.originalAccountId ? { originalAccountId: auth.originalAccountId } : {}),
    ...(auth.originalOwnerId ? { originalOwnerId: auth.originalOwnerId } : {}),
  };
}

function send(res: Response, base: EnvelopeBase, method: Method, reply: Reply): void {
  const status = reply.status ?? (method === 'PUT' ? 201 : 200);
  if (reply.raw) {
    res.status(status).type(reply.raw.contentType);
    if (reply.raw.headers) res.set(reply.raw.headers);
    const body = reply.raw.body;
    if (typeof body === 'string' || Buffer.isBuffer(body)) res.send(body);
    else body.pipe(res);
    return;
  }
  // A listing's revision is a digest of what it shows (Kazoo sends the view's etag), so clients can
  // tell whether it changed; a document's is its _rev, set by the module.
  const revision = reply.revision ?? (method === 'GET' && Array.isArray(reply.data) ? listRevision(reply.data) : undefined);
  res.status(status).type('application/json').send(JSON.stringify(successEnvelope(base, reply.data ?? {}, { revision, page: reply.page })));
}
