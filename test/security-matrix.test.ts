// The isolation matrix: every endpoint of crossbar's access table (its README) × admin / user / api
// key of the master, a reseller and a customer × their own account, a descendant, an ancestor and
// another branch: no cell is allowed that the table denies, and every cell the table allows gets
// past authorization. Then, one by one: a plain user's limits, token revocation, a held number.
//   master M → reseller R1 → customer C1 → C1a;  M → reseller R2 → customer C2
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { accountDbName } from '@tollgate/kazoo-db';
import { jsonOf, type Loose } from '@tollgate/testing';
import { startTestPlatform, type TestPlatform } from './support/platform';

type Who = 'master' | 'reseller' | 'customer';
type Kind = 'admin' | 'user' | 'apikey';
type Relation = 'self' | 'descendant' | 'ancestor' | 'other branch';
type Level = 'anyone' | 'login' | 'self' | 'admin' | 'superduper';
interface Reply {
  status: number;
  body: Loose;
}

let platform: TestPlatform;
let M: string;
const ids = { M: '', R1: '', R2: '', C1: '', C2: '', C1a: '' };
const NAMES = { R1: 'Matrix Reseller 1', R2: 'Matrix Reseller 2', C1: 'Matrix Customer 1', C2: 'Matrix Customer 2', C1a: 'Matrix Customer 1a' };
/** Each login's account, and its user ids (admin, user). */
const home: Record<Who, keyof typeof ids> = { master: 'M', reseller: 'R1', customer: 'C1' };
const users: Record<Who, { admin: string; user: string }> = { master: { admin: '', user: '' }, reseller: { admin: '', user: '' }, customer: { admin: '', user: '' } };
const tokens = {} as Record<`${Who}/${Kind}`, string>;

async function api(method: string, path: string, token: string, data?: unknown): Promise<Reply> {
  const res = await fetch(`${platform.url}${path}`, {
    method,
    headers: { 'X-Auth-Token': token, 'Content-Type': 'application/json' },
    body: data === undefined ? undefined : JSON.stringify({ data }),
  });
  return { status: res.status, body: await jsonOf(res) };
}

async function ok(method: string, path: string, token: string, data?: unknown): Promise<Loose> {
  const res = await api(method, path, token, data);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
}

const account = async (name: string, parent: string): Promise<string> => (await ok('PUT', `/v2/accounts/${parent}`, M, { name })).id;
const user = async (accountId: string, username: string, priv: 'admin' | 'user'): Promise<string> =>
  (await ok('PUT', `/v2/accounts/${accountId}/users`, M, { username, password: `${username}-pw`, first_name: username, last_name: 'Matrix', priv_level: priv })).id;

async function apiKeyLogin(accountId: string): Promise<string> {
  const { api_key } = await ok('GET', `/v2/accounts/${accountId}/api_key`, M);
  const res = await fetch(`${platform.url}/v2/api_auth`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ data: { api_key } }) });
  const body = await jsonOf(res);
  if (res.status !== 201) throw new Error(`api_auth ${accountId}: ${res.status} ${JSON.stringify(body)}`);
  return body.auth_token;
}

function accountName(key: keyof typeof ids): string {
  return key === 'M' ? platform.master.accountName : NAMES[key];
}

beforeAll(async () => {
  platform = await startTestPlatform({ services: ['crossbar-api', 'tasks'] });
  M = await platform.login(platform.master.username, platform.master.password, platform.master.accountName);
  ids.M = platform.master.accountId;
  ids.R1 = await account(NAMES.R1, ids.M);
  ids.R2 = await account(NAMES.R2, ids.M);
  await ok('PUT', `/v2/accounts/${ids.R1}/reseller`, M);
  await ok('PUT', `/v2/accounts/${ids.R2}/reseller`, M);
  ids.C1 = await account(NAMES.C1, ids.R1);
  ids.C2 = await account(NAMES.C2, ids.R2);
  ids.C1a = await account(NAMES.C1a, ids.C1);
  for (const who of ['master', 'reseller', 'customer'] as Who[]) {
    const key = home[who];
    users[who].admin = who === 'master' ? '' : await user(ids[key], `${who}-admin`, 'admin');
    users[who].user = await user(ids[key], `${who}-user`, 'user');
    tokens[`${who}/admin`] = who === 'master' ? M : await platform.login(`${who}-admin`, `${who}-admin-pw`, accountName(key));
    tokens[`${who}/user`] = await platform.login(`${who}-user`, `${who}-user-pw`, accountName(key));
    tokens[`${who}/apikey`] = await apiKeyLogin(ids[key]);
  }
  const masterUsers = (await ok('GET', `/v2/accounts/${ids.M}/users`, M)) as { id: string; username: string }[];
  users.master.admin = masterUsers.find((u) => u.username === platform.master.username)?.id ?? '';
}, 120000);

afterAll(async () => {
  await platform?.stop();
});

/** The README's access table: `METHOD /path/{param}` → level. */
function accessTable(): Map<string, Level> {
  const text = readFileSync(join(__dirname, '..', 'services', 'crossbar-api', 'README.md'), 'utf8');
  const rows = new Map<string, Level>();
  for (const m of text.matchAll(/^\| `(GET|PUT|POST|PATCH|DELETE) (\/v2\/[^`]*)` \| (\w+) \|/gm)) rows.set(`${m[1]} ${m[2]}`, m[3] as Level);
  return rows;
}

const NO_ID = 'f'.repeat(32);
const NO_NUMBER = encodeURIComponent('+15559990001');

/**
 * How to ask without harm. Sub-resources (users, numbers, tasks, plans, rates) are ids that do not
 * exist, and bodies fail validation, so a caller that gets past authorization sees 400 or 404 and
 * nothing changes; a refused caller must see 403 first.
 */
interface Probe {
  data?: unknown;
  query?: string;
  /** Why the allowed cells are not sent (the request would change the fixture). */
  deniedOnly?: string;
  /** A business rule of the module may refuse (403) where the table allows; it never allows more. */
  businessRule?: boolean;
  /** Other statuses that count as refused here. */
  refusedAlso?: number[];
}

const PROBES: Record<string, Probe> = {
  'PUT /v2/accounts': { data: { name: 5 } },
  'PUT /v2/accounts/{account_id}': { data: { name: 5 } },
  'POST /v2/accounts/{account_id}': { data: { name: 5 } },
  'PATCH /v2/accounts/{account_id}': { data: { name: 5 } },
  // the master answers DELETE with 405 (not a method of the master) before anything else
  'DELETE /v2/accounts/{account_id}': { deniedOnly: 'deletes the account', refusedAlso: [405] },
  'PUT /v2/accounts/{account_id}/api_key': { deniedOnly: "ends the account's api key logins" },
  'PUT /v2/accounts/{account_id}/reseller': { deniedOnly: 'changes the tree' },
  'DELETE /v2/accounts/{account_id}/reseller': { deniedOnly: 'changes the tree' },
  'POST /v2/accounts/{account_id}/move': { data: { to: 5 } },
  'PUT /v2/accounts/{account_id}/users': { data: { priv_level: 'superuser' } },
  'POST /v2/accounts/{account_id}/users/{user_id}': { data: { first_name: 'x' } },
  'PATCH /v2/accounts/{account_id}/users/{user_id}': { data: { first_name: 'x' } },
  'PUT /v2/accounts/{account_id}/devices': { data: { name: 5 } },
  'POST /v2/accounts/{account_id}/devices/{device_id}': { data: { name: 'x' } },
  'PATCH /v2/accounts/{account_id}/devices/{device_id}': { data: { enabled: false } },
  'DELETE /v2/accounts/{account_id}/devices/{device_id}': {},
  'PUT /v2/accounts/{account_id}/phone_numbers/collection': { data: { numbers: [] } },
  'PUT /v2/accounts/{account_id}/phone_numbers/collection/activate': { data: { numbers: [] } },
  'PUT /v2/accounts/{account_id}/phone_numbers/collection/reserve': { data: { numbers: [] } },
  'POST /v2/accounts/{account_id}/phone_numbers/collection': { data: { numbers: [] } },
  'DELETE /v2/accounts/{account_id}/phone_numbers/collection': { data: { numbers: [] } },
  'PUT /v2/accounts/{account_id}/phone_numbers/{number}': { data: { state: 'bogus' } },
  'POST /v2/accounts/{account_id}/phone_numbers/{number}': { data: { cnam: { display_name: 'x' } } },
  'PATCH /v2/accounts/{account_id}/phone_numbers/{number}': { data: { e911: { street_address: 'x' } } },
  'PUT /v2/accounts/{account_id}/phone_numbers/{number}/activate': { data: {} },
  'PUT /v2/accounts/{account_id}/phone_numbers/{number}/reserve': { data: {} },
  'PUT /v2/tasks': { query: '?category=no_such_category&action=no_such_action', data: {} },
  'PUT /v2/accounts/{account_id}/tasks': { query: '?category=no_such_category&action=no_such_action', data: {} },
  'PATCH /v2/tasks/{task_id}': { data: {} },
  'PATCH /v2/accounts/{account_id}/tasks/{task_id}': { data: {} },
  'PATCH /v2/tasks/{task_id}/stop': { data: {} },
  'PATCH /v2/accounts/{account_id}/tasks/{task_id}/stop': { data: {} },
  'PUT /v2/rates': { data: {} },
  'PUT /v2/accounts/{account_id}/rates': { data: {} },
  'POST /v2/rates/{rate_id}': { data: {} },
  'POST /v2/accounts/{account_id}/rates/{rate_id}': { data: {} },
  'PATCH /v2/rates/{rate_id}': { data: {} },
  'PATCH /v2/accounts/{account_id}/rates/{rate_id}': { data: {} },
  'GET /v2/rates/number/{number}': { deniedOnly: 'needs the rating service' },
  // ratedeck versions of a deck that does not exist: 404 for a superduper_admin admin, 403 for a reseller (not its deck), nothing written
  'GET /v2/ratedecks/{ratedeck_id}/versions': { businessRule: true },
  'GET /v2/ratedecks/{ratedeck_id}/versions/{version}/diff': { businessRule: true },
  'POST /v2/ratedecks/{ratedeck_id}/versions/{version}/activate': { businessRule: true },
  'POST /v2/ratedecks/{ratedeck_id}/rollback': { businessRule: true },
  'GET /v2/accounts/{account_id}/rates/number/{number}': { deniedOnly: 'needs the rating service' },
  'PUT /v2/accounts/{account_id}/service_plans': { data: [], businessRule: true },
  'POST /v2/accounts/{account_id}/service_plans': { data: { delete: ['no_such_plan'] }, businessRule: true },
  // a plan the account does not have: 400 past authorization (403 for an admin that is not the plans' reseller), nothing written
  'POST /v2/accounts/{account_id}/service_plans/override': { data: { overrides: { no_such_plan: {} } }, businessRule: true },
  'POST /v2/accounts/{account_id}/service_plans/{plan_id}': { deniedOnly: 'assigns a plan', businessRule: true },
  'DELETE /v2/accounts/{account_id}/service_plans/{plan_id}': { businessRule: true },
  'PUT /v2/accounts/{account_id}/transactions/credit': { data: { amount: 'abc' }, businessRule: true },
  'DELETE /v2/accounts/{account_id}/transactions/debit': { data: { amount: 'abc' }, businessRule: true },
  'PUT /v2/accounts/{account_id}/ledgers/credit': { data: { amount: 'abc' }, businessRule: true },
  'PUT /v2/accounts/{account_id}/ledgers/debit': { data: { amount: 'abc' }, businessRule: true },
  'DELETE /v2/accounts/{account_id}/ledgers/{source}/{ledger_id}': { businessRule: true },
  // notifications: an unknown notification id is 404 past authorization, nothing written
  'POST /v2/accounts/{account_id}/notifications/{notification_id}': { data: { subject: '' } },
  'DELETE /v2/accounts/{account_id}/notifications/{notification_id}': {},
  'POST /v2/accounts/{account_id}/notifications/{notification_id}/preview': { data: {} },
  'POST /v2/accounts/{account_id}/limits': { data: { twoway_trunks: -1 }, businessRule: true },
  'POST /v2/accounts/{account_id}/allotments': { data: { outbound_international: { amount: -1 } }, businessRule: true },
  'POST /v2/accounts/{account_id}/did_fees': { data: { setup_fee: -1 }, businessRule: true },
  'PATCH /v2/accounts/{account_id}/properties': { data: { 'no spaces allowed': { value: 1 } } },
  // impersonation: not a user of one's own account, not with an api key (Kazoo's rule)
  'PUT /v2/accounts/{account_id}/users/{user_id}/user_auth': { data: { action: 'no_such_action' }, businessRule: true },
  'POST /v2/accounts/{account_id}/quotas': { data: { users: -1 }, businessRule: true },
  // packages: a reseller's own (or a superduper_admin's); a non-reseller account has none
  'GET /v2/accounts/{account_id}/packages': { businessRule: true },
  'PUT /v2/accounts/{account_id}/packages': { data: { name: 5 }, businessRule: true },
  'GET /v2/accounts/{account_id}/packages/{package_id}': { businessRule: true },
  'POST /v2/accounts/{account_id}/packages/{package_id}': { data: { name: 5 }, businessRule: true },
  'PATCH /v2/accounts/{account_id}/packages/{package_id}': { data: { name: 5 }, businessRule: true },
  'DELETE /v2/accounts/{account_id}/packages/{package_id}': { businessRule: true },
  // whitelabel: written by the account itself when a reseller, its reseller or a superduper_admin; bodies fail validation or nothing exists yet
  'PUT /v2/accounts/{account_id}/whitelabel': { data: { branding: { colors: { text: 'red' } } }, businessRule: true },
  'POST /v2/accounts/{account_id}/whitelabel': { data: { branding: { colors: { text: 'red' } } }, businessRule: true },
  'PATCH /v2/accounts/{account_id}/whitelabel': { data: { branding: { colors: { text: 'red' } } }, businessRule: true },
  'DELETE /v2/accounts/{account_id}/whitelabel': { businessRule: true },
  'POST /v2/accounts/{account_id}/whitelabel/{attachment}': { data: { not: 'an image' }, businessRule: true },
  // signups: the reseller's own listing; activation by the account's reseller (no account of the fixture is waiting: 400)
  'GET /v2/accounts/{account_id}/signups': { businessRule: true },
  'PUT /v2/accounts/{account_id}/signup/activate': { data: {}, businessRule: true },
  'POST /v2/accounts/{account_id}/signup/activate': { data: {}, businessRule: true },
};

/** Endpoints of the table the matrix does not drive, and why. */
const NOT_DRIVEN: Record<string, string> = {
  'GET /v2/user_auth/{auth_token}': 'only the token of the request itself (user-auth tests)',
  'DELETE /v2/token_auth': "revokes the caller's own token",
};

const LOGINS: { who: Who; kind: Kind }[] = (['master', 'reseller', 'customer'] as Who[]).flatMap((who) => (['admin', 'user', 'apikey'] as Kind[]).map((kind) => ({ who, kind })));

function targetOf(who: Who, relation: Relation): string | undefined {
  const map: Record<Who, Partial<Record<Relation, keyof typeof ids>>> = {
    master: { self: 'M', descendant: 'R1' },
    reseller: { self: 'R1', descendant: 'C1', ancestor: 'M', 'other branch': 'R2' },
    customer: { self: 'C1', descendant: 'C1a', ancestor: 'R1', 'other branch': 'C2' },
  };
  const key = map[who][relation];
  return key ? ids[key] : undefined;
}

/** What the table allows: reach (own tree; everything for a superduper_admin) and level. */
function tableAllows(level: Level, who: Who, kind: Kind, relation: Relation): boolean {
  const admin = kind !== 'user';
  const superduper = who === 'master' && admin;
  const reach = relation === 'self' || relation === 'descendant' || superduper;
  // `self` rows: the probed user is never the caller, so they need an admin like `admin` rows.
  const levelOk = level === 'anyone' || level === 'login' ? true : level === 'superduper' ? superduper : admin;
  return reach && levelOk;
}

function fill(endpoint: string, accountId: string | undefined): { method: string; path: string } {
  const [method, template] = endpoint.split(' ');
  const path = template
    .replace('{account_id}', accountId ?? '')
    .replace('{user_id}', NO_ID)
    .replace('{device_id}', NO_ID)
    .replace('{number}', NO_NUMBER)
    .replace('{task_id}', NO_ID)
    .replace('{plan_id}', 'no_such_plan')
    .replace('{package_id}', 'no_such_package')
    .replace('{attachment}', 'logo')
    .replace('{rate_id}', 'no_such_rate')
    .replace('{ratedeck_id}', 'no_such_deck')
    .replace('{version}', '1')
    .replace('{source}', 'per-minute-voip')
    .replace('{ledger_id}', '202401-no_such_ledger')
    .replace('{modb_suffix}', '202401')
    .replace('{cdr_id}', '202401-no_such_call')
    .replace('{notification_id}', 'no_such_notification');
  return { method, path };
}

interface Cell {
  label: string;
  allowed: boolean;
  probe: Probe;
  method: string;
  path: string;
  token: string;
}

function cells(): Cell[] {
  const out: Cell[] = [];
  for (const [endpoint, level] of accessTable()) {
    if (level === 'anyone' || endpoint in NOT_DRIVEN) continue;
    const probe = PROBES[endpoint] ?? {};
    const scoped = endpoint.includes('{account_id}');
    for (const { who, kind } of LOGINS) {
      for (const relation of (scoped ? ['self', 'descendant', 'ancestor', 'other branch'] : ['self']) as Relation[]) {
        const target = scoped ? targetOf(who, relation) : undefined;
        if (scoped && !target) continue;
        const allowed = tableAllows(level, who, kind, relation);
        if (allowed && probe.deniedOnly) continue;
        const { method, path } = fill(endpoint, target);
        out.push({ label: `${endpoint} as ${who} ${kind} on ${scoped ? relation : 'its own'}`, allowed, probe, method, path: `${path}${probe.query ?? ''}`, token: tokens[`${who}/${kind}`] });
      }
    }
  }
  return out;
}

/** What a cell got that the table does not say, or undefined. */
function mismatch(cell: Cell, res: Reply): string | undefined {
  const refused = res.status === 403 || (cell.probe.refusedAlso ?? []).includes(res.status);
  if (!cell.allowed) return refused ? undefined : `${cell.label}: the table denies it, got ${res.status} ${JSON.stringify(res.body?.data ?? res.body).slice(0, 160)}`;
  if (res.status === 401 || (res.status === 403 && !cell.probe.businessRule)) return `${cell.label}: the table allows it, got ${res.status} ${JSON.stringify(res.body?.data).slice(0, 160)}`;
  return undefined;
}

/** Everything a refused request could have changed: accounts, their users, services docs. */
async function snapshot(): Promise<Record<string, unknown>> {
  const strip = (doc: Record<string, unknown>) => {
    const { _rev, pvt_modified, ...rest } = doc;
    return rest;
  };
  const out: Record<string, unknown> = {};
  for (const id of Object.values(ids)) {
    out[`account ${id}`] = strip((await platform.couch.get('accounts', id)) as Record<string, unknown>);
    // An allowed plan change that changes nothing still marks the doc for a recount (a write, stamped with its caller).
    const { pvt_dirty, pvt_plans_fingerprint, pvt_auth_account_id, pvt_auth_user_id, ...services } = strip((await platform.couch.get('services', id)) as Record<string, unknown>);
    out[`services ${id}`] = services;
  }
  for (const who of Object.keys(users) as Who[]) {
    for (const userId of Object.values(users[who])) out[`user ${userId}`] = strip((await platform.couch.get(accountDbName(ids[home[who]]), userId)) as Record<string, unknown>);
  }
  return out;
}

test('every endpoint of the access table has a probe or a reason it is not driven', () => {
  const table = accessTable();
  expect(table.size).toBeGreaterThan(60);
  for (const endpoint of [...Object.keys(PROBES), ...Object.keys(NOT_DRIVEN)]) expect({ endpoint, inTable: table.has(endpoint) }).toEqual({ endpoint, inTable: true });
});

test('no cell of the isolation matrix allows what the access table denies, and every allowed cell gets past authorization', async () => {
  const all = cells();
  expect(all.filter((c) => !c.allowed).length).toBeGreaterThan(700);
  expect(all.filter((c) => c.allowed).length).toBeGreaterThan(300);
  const before = await snapshot();

  const problems: string[] = [];
  const queue = [...all];
  await Promise.all(
    Array.from({ length: 6 }, async () => {
      for (let cell = queue.shift(); cell; cell = queue.shift()) {
        const problem = mismatch(cell, await api(cell.method, cell.path, cell.token, cell.probe.data));
        if (problem) problems.push(problem);
      }
    }),
  );
  expect(problems.sort()).toEqual([]);
  expect(await snapshot()).toEqual(before);
}, 900_000);

describe("the master account's plain user", () => {
  test('cannot raise itself to admin: 403, and the stored priv_level stays user', async () => {
    const self = users.master.user;
    const res = await api('PATCH', `/v2/accounts/${ids.M}/users/${self}`, tokens['master/user'], { priv_level: 'admin' });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ status: 'error', error: '403', message: 'forbidden', data: { message: 'a user-level login cannot change its own priv_level' } });
    expect((await ok('GET', `/v2/accounts/${ids.M}/users/${self}`, M)).priv_level).toBe('user');
    expect((await api('POST', `/v2/accounts/${ids.M}/users/${self}`, tokens['master/user'], { username: 'master-user', first_name: 'm', priv_level: 'admin' })).status).toBe(403);
    expect((await api('PATCH', `/v2/accounts/${ids.M}/users/${self}`, tokens['master/user'], { enabled: false })).status).toBe(403);
  });

  test("cannot touch another account's users, keys or tree", async () => {
    const t = tokens['master/user'];
    const resellerAdmin = users.reseller.admin;
    expect((await api('PATCH', `/v2/accounts/${ids.R1}/users/${resellerAdmin}`, t, { password: 'taken-over' })).status).toBe(403);
    expect((await api('PUT', `/v2/accounts/${ids.R1}/users`, t, { username: 'intruder', password: 'x', priv_level: 'admin' })).status).toBe(403);
    expect((await api('DELETE', `/v2/accounts/${ids.R1}/users/${resellerAdmin}`, t)).status).toBe(403);
    expect((await api('PUT', `/v2/accounts/${ids.R1}/api_key`, t)).status).toBe(403);
    expect((await api('PUT', `/v2/accounts/${ids.C1}/reseller`, t)).status).toBe(403);
    expect((await api('PUT', `/v2/accounts/${ids.R1}/transactions/credit`, t, { amount: 10 })).status).toBe(403);
    expect((await api('PATCH', `/v2/accounts/${ids.M}/users/${users.master.admin}`, t, { first_name: 'x' })).status).toBe(403);
    // its old password still logs the reseller's admin in: nothing was changed
    await platform.login('reseller-admin', 'reseller-admin-pw', NAMES.R1);
  });

  test('still reads what the master reaches and edits its own name', async () => {
    const t = tokens['master/user'];
    expect((await api('GET', `/v2/accounts/${ids.C2}`, t)).status).toBe(200);
    expect((await api('PATCH', `/v2/accounts/${ids.M}/users/${users.master.user}`, t, { first_name: 'Renamed' })).body.data.first_name).toBe('Renamed');
  });
});

describe("a user's tokens", () => {
  test("a password change ends the user's other tokens and keeps the one that changed it", async () => {
    const acct = ids.C1;
    const id = await user(acct, 'pw-changer', 'user');
    const changer = await platform.login('pw-changer', 'pw-changer-pw', NAMES.C1);
    const other = await platform.login('pw-changer', 'pw-changer-pw', NAMES.C1);
    const changed = await api('PATCH', `/v2/accounts/${acct}/users/${id}`, changer, { username: 'pw-changer', password: 'new-secret' });
    expect(changed.status).toBe(200);
    expect((await api('GET', `/v2/accounts/${acct}/users/${id}`, changer)).status).toBe(200);
    expect((await api('GET', `/v2/accounts/${acct}/users/${id}`, other)).status).toBe(401);
    await platform.login('pw-changer', 'new-secret', NAMES.C1);
  });

  test("an admin's password reset ends all of the user's tokens", async () => {
    const acct = ids.C1;
    const id = await user(acct, 'pw-reset', 'user');
    const old = await platform.login('pw-reset', 'pw-reset-pw', NAMES.C1);
    await ok('PATCH', `/v2/accounts/${acct}/users/${id}`, tokens['customer/admin'], { username: 'pw-reset', password: 'reset-by-admin' });
    expect((await api('GET', `/v2/accounts/${acct}`, old)).status).toBe(401);
    expect((await api('GET', `/v2/accounts/${acct}`, tokens['customer/admin'])).status).toBe(200);
  });

  test('a token from before the user was disabled stays dead when it is enabled again', async () => {
    const acct = ids.C1;
    const id = await user(acct, 'on-off', 'user');
    const old = await platform.login('on-off', 'on-off-pw', NAMES.C1);
    await ok('PATCH', `/v2/accounts/${acct}/users/${id}`, tokens['customer/admin'], { enabled: false });
    await ok('PATCH', `/v2/accounts/${acct}/users/${id}`, tokens['customer/admin'], { enabled: true });
    expect((await api('GET', `/v2/accounts/${acct}`, old)).status).toBe(401);
    const fresh = await platform.login('on-off', 'on-off-pw', NAMES.C1);
    expect((await api('GET', `/v2/accounts/${acct}`, fresh)).status).toBe(200);
  });
});

describe('a held number', () => {
  test("is not readable through a descendant's path: 404, as a number that is not the account's", async () => {
    const num = encodeURIComponent('+14155550177');
    await ok('PUT', `/v2/accounts/${ids.R1}/phone_numbers/${num}`, M, { state: 'in_service' });
    expect((await api('GET', `/v2/accounts/${ids.R1}/phone_numbers/${num}`, tokens['reseller/admin'])).status).toBe(200);
    for (const token of [tokens['customer/admin'], tokens['customer/user'], tokens['reseller/admin'], M]) {
      const res = await api('GET', `/v2/accounts/${ids.C1}/phone_numbers/${num}`, token);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ error: '404', data: { error: 'not_found' } });
    }
    // the holder's ancestors still read it through the holder's path
    expect((await api('GET', `/v2/accounts/${ids.R1}/phone_numbers/${num}`, M)).status).toBe(200);
  });
});
