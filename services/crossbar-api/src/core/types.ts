import type { Readable } from 'node:stream';
import type { ServiceDeps } from '@tollgate/service-kit';
import type { Request, Response } from 'express';
import type { PageInfo } from './envelope';
import type { PageRequest } from './pagination';

export type Method = 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';

/** Who is calling: what a valid auth token stands for. */
export interface AuthContext {
  token: string;
  /** The account the token was issued for. */
  accountId: string;
  /** The user the token was issued for (user_auth); absent for api_auth. */
  ownerId?: string;
  /**
   * An admin login (or the api key) of a superduper_admin account. A plain user of that account is
   * not: superduper_admin is the account's, and the user's priv_level still applies within it.
   */
  isSuperduperAdmin: boolean;
  /** 'admin' | 'user' for user tokens; api_auth tokens act as an account admin. */
  privLevel: 'admin' | 'user';
  method: 'cb_user_auth' | 'cb_api_auth';
  /** The auth account's pvt_tree (ancestors, most-ancestral first). */
  tree: string[];
  resellerId?: string;
  isReseller: boolean;
  /** An impersonation token (cb_user_auth impersonate_user): the impersonator's account and user. */
  originalAccountId?: string;
  originalOwnerId?: string;
}

export interface Authenticator {
  /** The token's context, or undefined when the token is unknown, expired, revoked or its account disabled. */
  authenticate(token: string): Promise<AuthContext | undefined>;
}

/** Crossbar runs with what every service gets. */
export type CrossbarDeps = ServiceDeps;

/**
 * What a body may be: JSON (`{"data":…}`), CSV (streamed), either, nothing, or raw bytes the
 * handler reads itself with `readRaw` under its own limit (uploads such as whitelabel images).
 */
export type BodyKind = 'json' | 'csv' | 'json-or-csv' | 'none' | 'binary';

export interface RequestContext {
  req: Request;
  res: Response;
  method: Method;
  params: Record<string, string>;
  query: Record<string, string>;
  /** The envelope's `data` (JSON bodies); undefined when none was sent. */
  data: unknown;
  /** The whole JSON body. */
  body: Record<string, unknown>;
  /** A CSV body, streamed and capped at the upload limit; the handler must read it to the end. */
  csv?: Readable;
  contentType: string;
  auth: AuthContext | undefined;
  authToken: string;
  requestId: string;
  /** 'csv' when the client asked for CSV (Accept: text/csv, ?accept=csv). */
  accepts: 'json' | 'csv';
  page: PageRequest;
  deps: CrossbarDeps;
  /** Aborted when the client disconnects before the answer: long operations stop starting new work. */
  signal: AbortSignal;
}

export interface RawReply {
  contentType: string;
  body: Buffer | string | Readable;
  headers?: Record<string, string>;
}

export interface Reply {
  data?: unknown;
  /** HTTP status; default 201 for PUT, 200 otherwise. */
  status?: number;
  revision?: string;
  page?: PageInfo;
  /** A non-envelope answer (CSV downloads). */
  raw?: RawReply;
  /** The envelope's auth_token when the handler issued one (user_auth, api_auth). */
  authToken?: string;
}

export interface RouteSpec {
  method: Method;
  /** Path template with `:params`, e.g. `/v2/accounts/:account_id/children`. */
  path: string;
  /** 'required' (default): a valid token or 401. 'optional': the token is checked when given. */
  auth?: 'required' | 'optional' | 'none';
  /** Default 'json' for PUT/POST/PATCH, 'none' otherwise. */
  body?: BodyKind;
  handler: (ctx: RequestContext) => Promise<Reply> | Reply;
  /** The route's OpenAPI description (GET /v2/openapi.json); every served route has one (openapi.test.ts). */
  doc?: RouteDoc;
}

/** What GET /v2/openapi.json says of a route; the rest (auth, envelope, errors) comes from the route itself. */
export interface RouteDoc {
  summary: string;
  description?: string;
  /** The ajv schema (libs/schemas, by Kazoo's name) the request's `data` is validated with. */
  request?: string;
  /** A JSON schema of the answer's `data`, where it is cheap to say (default: any JSON). */
  response?: Record<string, unknown>;
  /** An example of the answer's `data`. */
  example?: unknown;
  /** Query parameters the route reads: name → description. */
  query?: Record<string, string | undefined>;
  /** The answer can also be CSV (Accept: text/csv). */
  csv?: boolean;
  /** The answer is not an envelope but a file of this media type (text/csv, text/html, …). */
  raw?: string;
}

/** One endpoint family (Kazoo's cb_<name> module). */
export interface CrossbarModule {
  name: string;
  routes(deps: CrossbarDeps): RouteSpec[];
}
