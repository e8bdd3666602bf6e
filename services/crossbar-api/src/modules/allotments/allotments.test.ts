// cb_allotments over a real CouchDB: what `consumed` sums for the current cycle, the cycle of one
// moment, or a range; a package's free minutes listed beside the limits doc's allotments.
import { consumptionDoc, allotmentsOf, saveConsumptions } from '@tollgate/calls';
import { type CrossbarHarness, createAccount, loginOfNewUser, startCrossbarHarness } from '@tollgate/crossbar-api/testing';
import { gregorianNow, modbName, toGregorian } from '@tollgate/kazoo-db';
import { allotmentsModule } from '.';

let h: CrossbarHarness;
let reseller: string;
let client: string;
let resellerToken: string;

beforeAll(async () => {
  h = await startCrossbarHarness({ modules: [allotmentsModule] });
  reseller = await createAccount(h, h.masterToken, 'Allot Reseller', h.masterId);
  expect((await h.call('PUT', `/v2/accounts/${reseller}/reseller`, { token: h.masterToken })).status).toBeLessThan(300);
  client = await createAccount(h, h.masterToken, 'Allot Client', reseller);
  resellerToken = await loginOfNewUser(h, h.masterToken, { id: reseller, name: 'Allot Reseller' }, 'allotres');
}, 60_000);

afterAll(async () => h?.close());

test('consumed: the current cycle, the cycle of a moment, a range', async () => {
  const body = { outbound_international: { amount: 600, cycle: 'monthly', increment: 60 }, hourly: { amount: 60, cycle: 'hourly', prefixes: ['44'] } };
  expect((await h.call('POST', `/v2/accounts/${client}/allotments`, { token: resellerToken, data: body })).status).toBe(200);
  const [international] = allotmentsOf(body);
  const now = gregorianNow();
  const lastMonth = toGregorian(new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 1, 15)));
  await saveConsumptions({ couch: h.deps.couch }, [
    { db: modbName(client, new Date()), doc: consumptionDoc(client, 'now-1', international, 120, now - 1) },
    { db: modbName(client, new Date()), doc: consumptionDoc(client, 'now-2', international, 60, now - 2) },
    { db: modbName(client, new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 1, 15))), doc: consumptionDoc(client, 'last', international, 300, lastMonth) },
  ]);
  const current = await h.call('GET', `/v2/accounts/${client}/allotments/consumed`, { token: resellerToken });
  expect(current.status).toBe(200);
  expect(current.body.data.outbound_international).toMatchObject({ consumed: 180, cycle: 'monthly' });
  expect(current.body.data.hourly).toMatchObject({ consumed: 0, cycle: 'hourly' });
  const then = await h.call('GET', `/v2/accounts/${client}/allotments/consumed?created_from=${lastMonth}`, { token: resellerToken });
  expect(then.body.data.outbound_international).toMatchObject({ consumed: 300, cycle: 'monthly' });
  const range = await h.call('GET', `/v2/accounts/${client}/allotments/consumed?created_from=${lastMonth}&created_to=${now}`, { token: resellerToken });
  expect(range.body.data.outbound_international).toMatchObject({ consumed: 480, consumed_from: lastMonth, consumed_to: now, cycle: 'manual' });
  expect((await h.call('GET', `/v2/accounts/${client}/allotments/consumed?created_from=${now}&created_to=${lastMonth}`, { token: resellerToken })).status).toBe(400);
});
