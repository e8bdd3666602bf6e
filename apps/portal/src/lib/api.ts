// The only way the portal reaches Tollgate: the public crossbar API (/v2, Kazoo's envelope,
// X-Auth-Token). Whatever a screen does, an integrator can script with the same calls.
import SparkMD5 from 'spark-md5';

export type Json = Record<string, unknown>;
// biome-ignore lint/suspicious/noExplicitAny: API answers are dynamic JSON read by the screens
export type Loose = any;

export interface Session {
  token: string;
  accountId: string;
  accountName: string;
  ownerId: string;
  isReseller: boolean;
  resellerId?: string;
  /** The reseller's session kept while it acts as one of its clients ("log in as client"). */
  impersonator?: Omit<Session, 'impersonator'>;
}

/** A failed call: the HTTP status, Kazoo's message and its per-field validation data. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly data: Loose,
  ) {
    super(message);
  }

  /** Kazoo's validation envelope `{field: {rule: {message}}}` flattened to `{field: message}`. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    if (this.status !== 400 || typeof this.data !== 'object' || this.data === null) return out;
    for (const [field, rules] of Object.entries(this.data as Record<string, unknown>)) {
      if (typeof rules !== 'object' || rules === null) continue;
      const first = Object.values(rules as Record<string, { message?: string }>)[0];
      if (first && typeof first === 'object' && typeof first.message === 'string') out[field] = first.message;
    }
    return out;
  }

  /** What to tell a person: the API's own words. */
  describe(): string {
    const inner = typeof this.data === 'object' && this.data && typeof this.data.message === 'string' ? this.data.message : '';
    if (this.status === 403) return `Not allowed (403)${inner ? `: ${inner}` : ''}`;
    if (this.status === 404) return `Not found (404)${inner ? `: ${inner}` : ''}`;
    const fields = Object.entries(this.fieldErrors()).map(([f, m]) => `${f}: ${m}`);
    return fields.length ? fields.join('; ') : inner || this.message;
  }
}

const SESSION_KEY = 'tollgate.portal.session';

export function loadSession(): Session | undefined {
  try {
    const raw = sessionStorage.getItem(SESSION_KEY);
    return raw ? (JSON.parse(raw) as Session) : undefined;
  } catch {
    return undefined;
  }
}

export function saveSession(s: Session | undefined): void {
  if (s) sessionStorage.setItem(SESSION_KEY, JSON.stringify(s));
  else sessionStorage.removeItem(SESSION_KEY);
}

let onUnauthorized: () => void = () => {};
export function setUnauthorizedHandler(f: () => void): void {
  onUnauthorized = f;
}

async function request(method: string, path: string, body: unknown, token: string | undefined, accept = 'application/json'): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept };
  if (token) headers['X-Auth-Token'] = token;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  return fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

/** One call: `data` of the envelope, or an ApiError. */
export async function call<T = Loose>(method: string, path: string, data?: unknown, opts: { token?: string | null; raw?: boolean } = {}): Promise<T> {
  const token = opts.token === null ? undefined : (opts.token ?? loadSession()?.token);
  const res = await request(method, path, data === undefined ? undefined : { data }, token);
  let env: Loose;
  try {
    env = await res.json();
  } catch {
    throw new ApiError(res.status, `HTTP ${res.status}`, undefined);
  }
  if (!res.ok || env?.status === 'error') {
    if (res.status === 401 && token) onUnauthorized();
    throw new ApiError(res.status, env?.message ?? `HTTP ${res.status}`, env?.data);
  }
  return (opts.raw ? env : env.data) as T;
}

/** A CSV answer of a listing or report, saved as a file in the browser. */
export async function downloadCsv(path: string, fileName: string): Promise<void> {
  const res = await request('GET', path, undefined, loadSession()?.token, 'text/csv');
  if (!res.ok) throw new ApiError(res.status, `HTTP ${res.status}`, undefined);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Kazoo's user_auth credentials: md5("username:password"). */
export function credentials(username: string, password: string): string {
  return SparkMD5.hash(`${username.trim().toLowerCase()}:${password}`);
}

export async function login(accountName: string, username: string, password: string): Promise<Session> {
  return sessionOf(await call<Loose>('PUT', '/v2/user_auth', { credentials: credentials(username, password), account_name: accountName }, { token: null, raw: true }));
}

/** The session a user_auth answer (a login or an impersonation) opens. */
function sessionOf(env: Loose): Session {
  return {
    token: env.auth_token,
    accountId: env.data.account_id,
    accountName: env.data.account_name,
    ownerId: env.data.owner_id,
    isReseller: Boolean(env.data.is_reseller),
    resellerId: env.data.reseller_id,
  };
}

export async function impersonate(current: Session, accountId: string, userId: string): Promise<Session> {
  const env = await call<Loose>('PUT', `/v2/accounts/${accountId}/users/${userId}/user_auth`, { action: 'impersonate_user' }, { token: current.token, raw: true });
  const { impersonator: _drop, ...me } = current;
  return { ...sessionOf(env), impersonator: me };
}

export async function logout(s: Session): Promise<void> {
  await call('DELETE', '/v2/token_auth', undefined, { token: s.token }).catch(() => undefined);
}

/** An upload's raw bytes (whitelabel images): POST with the file's own type, the envelope back. */
export async function upload<T = Loose>(path: string, file: Blob): Promise<T> {
  const token = loadSession()?.token;
  const res = await fetch(path, { method: 'POST', headers: { ...(token ? { 'X-Auth-Token': token } : {}), 'Content-Type': file.type || 'application/octet-stream', Accept: 'application/json' }, body: file });
  const env: Loose = await res.json().catch(() => undefined);
  if (!res.ok || env?.status === 'error') throw new ApiError(res.status, env?.message ?? `HTTP ${res.status}`, env?.data);
  return env.data as T;
}

/** A CSV body (a task's input): PUT/POST with `Content-Type: text/csv`, the envelope's `data` back. */
export async function sendCsv<T = Loose>(method: string, path: string, csv: string): Promise<T> {
  const token = loadSession()?.token;
  const res = await fetch(path, { method, headers: { ...(token ? { 'X-Auth-Token': token } : {}), 'Content-Type': 'text/csv', Accept: 'application/json' }, body: csv });
  const env: Loose = await res.json().catch(() => undefined);
  if (!res.ok || env?.status === 'error') throw new ApiError(res.status, env?.message ?? `HTTP ${res.status}`, env?.data);
  return env.data as T;
}
