// The platform's REST API as the acceptance tests call it: Kazoo's envelope around a JSON body (a
// string body, a CSV, is sent as it is), the answer's status and JSON; and the two steps most tests
// begin with, an account made and an admin of it logged in.
import { type Couch, modbName } from '@tollgate/kazoo-db';
import { jsonOf, type Loose, waitFor } from '@tollgate/testing';
import type { TestPlatform } from './platform';

export interface PlatformApi {
  api(token: string, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: Loose }>;
  /** A new account under `parentId`, made with `token`; its id. */
  createAccount(token: string, parentId: string, name: string): Promise<string>;
  /** An admin user `username` (password `<username>-pw`) made in the account with `token`, logged in: its token. */
  adminLogin(token: string, accountId: string, accountName: string, username: string): Promise<string>;
  /** The account's rate for a number once rating answers with `rate` (dollars; a positive signal, no sleep). */
  rateOf(token: string, accountId: string, number: string, rate: number): Promise<Loose>;
}

/** This month's per-minute ledger entries of a call in the account's MODB. */
export async function callLedgers(couch: Couch, accountId: string, callId: string): Promise<Loose[]> {
  const rows = await couch.viewOrEmpty(modbName(accountId, new Date()), 'ledgers', 'list_by_source', { startkey: ['per-minute-voip'], endkey: ['per-minute-voip', {}], include_docs: true });
  return rows.map((r) => r.doc as Loose).filter((d) => d.source.id === callId);
}

/** `platform` is read at each call (tests start theirs in beforeAll). */
export function platformApi(platform: () => TestPlatform): PlatformApi {
  const api: PlatformApi['api'] = async (token, method, path, body, headers = {}) => {
    const res = await fetch(`${platform().url}${path}`, {
      method,
      headers: { 'X-Auth-Token': token, 'Content-Type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify({ data: body }),
    });
    return { status: res.status, body: await jsonOf(res) };
  };
  return {
    api,
    async createAccount(token, parentId, name) {
      const res = await api(token, 'PUT', `/v2/accounts/${parentId}`, { name });
      expect(res.status).toBe(201);
      return res.body.data.id;
    },
    async adminLogin(token, accountId, accountName, username) {
      const user = await api(token, 'PUT', `/v2/accounts/${accountId}/users`, { username, password: `${username}-pw`, first_name: 'A', last_name: 'B', priv_level: 'admin' });
      expect(user.status).toBe(201);
      return platform().login(username, `${username}-pw`, accountName);
    },
    rateOf(token, accountId, number, rate) {
      return waitFor(
        `rate ${rate} for ${number}`,
        async () => {
          const res = await api(token, 'GET', `/v2/accounts/${accountId}/rates/number/${number}`);
          return res.body.data?.Rate === rate ? res.body.data : undefined;
        },
        60_000,
      );
    },
  };
}
