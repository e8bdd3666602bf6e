// A client of a running crossbar as tests use it: Kazoo's request envelope (`{"data": …}`), the
// token in X-Auth-Token, and the answer's status with its parsed body.
import { md5Credentials } from '@tollgate/accounts';
import { jsonOf, type Loose } from '@tollgate/testing';

export interface Reply {
  status: number;
  body: Loose;
}

export interface CallOptions {
  token?: string;
  /** Sent as `{"data": data}`. */
  data?: unknown;
  /** Sent as is instead of `data` (broken JSON, other envelopes). */
  raw?: string;
}

export interface CrossbarClient {
  url: string;
  call(method: string, path: string, opts?: CallOptions): Promise<Reply>;
  /** A token from PUT /v2/user_auth with md5 credentials, exactly as a client gets one. */
  login(username: string, password: string, accountName: string): Promise<string>;
}

export function crossbarClient(url: string): CrossbarClient {
  const call: CrossbarClient['call'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (opts.token) headers['X-Auth-Token'] = opts.token;
    const body = opts.raw ?? (opts.data === undefined ? undefined : JSON.stringify({ data: opts.data }));
    const res = await fetch(`${url}${path}`, { method, headers, body });
    return { status: res.status, body: await jsonOf(res) };
  };
  const login: CrossbarClient['login'] = async (username, password, accountName) => {
    const res = await call('PUT', '/v2/user_auth', { data: { credentials: md5Credentials(username, password), account_name: accountName } });
    if (res.status !== 201 || !res.body?.auth_token) throw new Error(`login of ${username}@${accountName} failed: HTTP ${res.status} ${JSON.stringify(res.body)}`);
    return String(res.body.auth_token);
  };
  return { url, call, login };
}

/** PUT /v2/accounts/{parent} (or /v2/accounts) as `token`; the new account's id, or throws with the answer. */
export async function createAccount(client: CrossbarClient, token: string, name: string, parentId?: string): Promise<string> {
  const res = await client.call('PUT', parentId ? `/v2/accounts/${parentId}` : '/v2/accounts', { token, data: { name } });
  if (res.status !== 201) throw new Error(`create ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  return String(res.body.data.id);
}

/** A user made by `token` in the account (password `<username>-pw`), logged in: its token. */
export async function loginOfNewUser(
  client: CrossbarClient,
  token: string,
  account: { id: string; name: string },
  username: string,
  privLevel: 'admin' | 'user' = 'admin',
): Promise<string> {
  const res = await client.call('PUT', `/v2/accounts/${account.id}/users`, {
    token,
    data: { username, password: `${username}-pw`, first_name: username, last_name: 'Test', priv_level: privLevel },
  });
  if (res.status !== 201) throw new Error(`user ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return client.login(username, `${username}-pw`, account.name);
}
