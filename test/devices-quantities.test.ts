// Devices and service plan quantities, end to end over real RabbitMQ: a device written through
// crossbar publishes its doc event, services-sync recounts the account, and the services doc's
// `quantities.devices.<device_type>` follows a create, a type change and a soft delete.
import { GLOBAL_DBS } from '@tollgate/kazoo-db';
import { jsonOf, type Loose, waitFor } from '@tollgate/testing';
import { startTestPlatform, type TestPlatform } from './support/platform';

let p: TestPlatform;
let masterToken: string;
let accountId: string;

async function api(method: string, path: string, data?: unknown): Promise<{ status: number; body: Loose }> {
  const res = await fetch(`${p.url}${path}`, {
    method,
    headers: { 'X-Auth-Token': masterToken, 'Content-Type': 'application/json' },
    ...(data === undefined ? {} : { body: JSON.stringify({ data }) }),
  });
  return { status: res.status, body: await jsonOf(res) };
}

async function counted(): Promise<Record<string, number>> {
  const doc = await p.couch.get<{ quantities?: { devices?: Record<string, number> } } & Record<string, unknown>>(GLOBAL_DBS.services, accountId);
  return doc?.quantities?.devices ?? {};
}

async function waitCounted(what: string, expected: Record<string, number>): Promise<void> {
  await waitFor(what, async () => {
    const now = await counted();
    const same = Object.entries(expected).every(([k, v]) => (now[k] ?? 0) === v);
    return same ? true : undefined;
  });
}

beforeAll(async () => {
  p = await startTestPlatform();
  masterToken = await p.login(p.master.username, p.master.password, p.master.accountName);
  const res = await api('PUT', `/v2/accounts/${p.master.accountId}`, { name: 'Devices Counted' });
  accountId = res.body.data.id;
}, 120_000);

afterAll(async () => p?.stop(), 60_000);

test('the services doc counts devices by device_type: create, change of type, soft delete', async () => {
  const put = await api('PUT', `/v2/accounts/${accountId}/devices`, { name: 'Soft', device_type: 'softphone', sip: { username: 'soft1', password: 'soft-pass' } });
  expect(put.status).toBe(201);
  await waitCounted('one softphone counted', { softphone: 1 });
  expect((await api('PATCH', `/v2/accounts/${accountId}/devices/${put.body.data.id}`, { device_type: 'sip_device' })).status).toBe(200);
  await waitCounted('the softphone is now a sip_device', { softphone: 0, sip_device: 1 });
  expect((await api('DELETE', `/v2/accounts/${accountId}/devices/${put.body.data.id}`)).status).toBe(200);
  await waitCounted('the deleted device no longer counted', { softphone: 0, sip_device: 0 });
}, 60_000);
