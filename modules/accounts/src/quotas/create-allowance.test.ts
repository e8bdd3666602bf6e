import { SystemConfig } from '@tollgate/config';
import { accountDbName } from '@tollgate/kazoo-db';
import type { NumberSource } from '@tollgate/services';
import { bootstrapMaster } from '../bootstrap-master';
import { createAccount } from '../create-account';
import { makeReseller } from '../reseller';
import { type Harness, refreshAccountsSettings, startHarness } from '../testing';
import { createUser } from '../users';
import { setQuotas } from './account-quotas';
import { withCreateAllowance } from './create-allowance';
import { QUOTA_DOC_ID, type QuotaDoc } from './quota-store';

// Numbers are not this module's: a NumberSource with none, the port services counts them through.
const noNumbers: NumberSource = { listAccountNumbers: async () => [], classifier: async () => () => 'unknown', isBillable: async () => true };

let h: Harness;
let reseller: string;
let customers: string[];

beforeAll(async () => {
  h = await startHarness();
  await bootstrapMaster(h.deps, { accountName: 'Alloc Master', username: 'admin', password: 'admin-pw' });
  reseller = String((await createAccount(h.deps, { data: { name: 'Alloc Reseller' } }))._id);
  await makeReseller(h.deps, reseller);
  customers = [];
  for (const name of ['Alloc C1', 'Alloc C2']) customers.push(String((await createAccount(h.deps, { parentId: reseller, data: { name } }))._id));
}, 60_000);

afterAll(async () => h?.close());

let n = 0;
const newUser = (deps: Harness['deps'], accountId: string) => () => createUser(deps, accountId, { username: `u${++n}`, password: 'pw-pw-pw', first_name: 'U', last_name: 'Q' });

test('creates from two processes racing for the last unit of a reseller quota: exactly one wins', async () => {
  await setQuotas(h.deps, reseller, { users: 1 });
  // a second "process": its own system_config and writers on the same database
  const config2 = new SystemConfig({ couch: h.couch, node: 'tollgate@second' });
  await config2.start();
  try {
    const procs = [
      { ...h.deps, numbers: noNumbers },
      { couch: h.couch, config: config2, bus: h.deps.bus, numbers: noNumbers },
    ];
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => {
        const deps = procs[i % 2];
        const accountId = customers[i % 2];
        return withCreateAllowance(deps, { accountId, kind: 'users' }, newUser(h.deps, accountId));
      }),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 403, data: { level: 'reseller', quota: 1, current: 1, reseller_id: reseller } });
    // every reservation was released
    const doc = await h.couch.get<QuotaDoc>(accountDbName(reseller), QUOTA_DOC_ID);
    expect(doc?.pvt_reservations).toEqual({});
  } finally {
    await config2.stop();
  }
});

test('with two units free, two racing creates both get one (a finished create is never counted twice)', async () => {
  await setQuotas(h.deps, reseller, { users: 3 }); // one user held
  const deps = { ...h.deps, numbers: noNumbers };
  const results = await Promise.allSettled(customers.map((c) => withCreateAllowance(deps, { accountId: c, kind: 'users' }, newUser(h.deps, c))));
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
  await expect(withCreateAllowance(deps, { accountId: customers[0], kind: 'users' }, newUser(h.deps, customers[0]))).rejects.toMatchObject({ code: 403, data: { current: 3 } });
});

test("a crashed create's reservation holds its unit until it lapses, and no longer", async () => {
  // refuse at once instead of waiting for the crashed create to finish
  await h.config.setDefault('crossbar.accounts', 'quota_in_flight_wait_s', 0);
  await refreshAccountsSettings(h.config);
  await setQuotas(h.deps, reseller, { users: 4 }); // three users held
  const db = accountDbName(reseller);
  const crashed = (expires: number) =>
    h.couch.update<QuotaDoc>(db, QUOTA_DOC_ID, (cur) => ({ ...(cur as QuotaDoc), pvt_reservations: { crashed: { kind: 'users', units: 1, account_id: customers[0], expires } } }));
  const deps = { ...h.deps, numbers: noNumbers };
  await crashed(Date.now() + 3_600_000);
  await expect(withCreateAllowance(deps, { accountId: customers[0], kind: 'users' }, newUser(h.deps, customers[0]))).rejects.toMatchObject({ code: 403, data: { current: 3, pending: 1 } });
  await crashed(Date.now() - 1);
  await expect(withCreateAllowance(deps, { accountId: customers[0], kind: 'users' }, newUser(h.deps, customers[0]))).resolves.toMatchObject({ pvt_type: 'user' });
  // the lapsed reservation was dropped by the write that reserved the unit
  expect((await h.couch.get<QuotaDoc>(db, QUOTA_DOC_ID))?.pvt_reservations).toEqual({});
});

test('a create that fails gives its unit back', async () => {
  await setQuotas(h.deps, reseller, { users: 5 }); // four held
  const deps = { ...h.deps, numbers: noNumbers };
  await expect(withCreateAllowance(deps, { accountId: customers[1], kind: 'users' }, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  await expect(withCreateAllowance(deps, { accountId: customers[1], kind: 'users' }, newUser(h.deps, customers[1]))).resolves.toMatchObject({ pvt_type: 'user' });
  await expect(withCreateAllowance(deps, { accountId: customers[1], kind: 'users' }, newUser(h.deps, customers[1]))).rejects.toMatchObject({ code: 403 });
});

test('an inactive reseller refuses before any quota is looked at; sub-accounts count against the accounts quota', async () => {
  const deps = { ...h.deps, numbers: noNumbers };
  await setQuotas(h.deps, customers[0], { accounts: 1 });
  const sub = () => createAccount(h.deps, { parentId: customers[0], data: { name: `Alloc Sub ${++n}` } });
  await expect(withCreateAllowance(deps, { accountId: customers[0], kind: 'accounts' }, sub)).resolves.toHaveProperty('_id');
  await expect(withCreateAllowance(deps, { accountId: customers[0], kind: 'accounts' }, sub)).rejects.toMatchObject({ code: 403, data: { level: 'account', kind: 'accounts', quota: 1, current: 1 } });
  await h.couch.update(accountDbName(reseller), reseller, (cur) => ({ ...(cur as object), pvt_reseller_active: false }));
  await h.couch.update('accounts', reseller, (cur) => ({ ...(cur as object), pvt_reseller_active: false }));
  await expect(withCreateAllowance(deps, { accountId: customers[1], kind: 'devices' }, async () => 'ran')).rejects.toMatchObject({ code: 403, data: { cause: reseller } });
});
