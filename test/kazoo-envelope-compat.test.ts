// Kazoo 4.3's envelope where the seeds' clients look: `revision` on every answer ("undefined" when
// there is none), `page_size` 1 on one task, a body that is not JSON as Kazoo's validation error,
// and the caller's auth_token echoed in error envelopes.
import { jsonOf, type Loose } from '@tollgate/testing';
import { startTestPlatform, type TestPlatform } from './support/platform';

let platform: TestPlatform;
let token: string;

beforeAll(async () => {
  platform = await startTestPlatform({ services: ['crossbar-api', 'tasks', 'rating'] });
  token = await platform.login(platform.master.username, platform.master.password, platform.master.accountName);
}, 60_000);

afterAll(async () => {
  await platform?.stop();
});

async function api(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Loose }> {
  const res = await fetch(`${platform.url}${path}`, { method, headers: { 'X-Auth-Token': token, ...headers }, body });
  return { status: res.status, body: await jsonOf(res) };
}

test('answers without a document revision carry revision "undefined"; one task is page_size 1', async () => {
  const csv = '"rate_cost","description","prefix"\n"0.1","BRONZE","1503"\n';
  const created = await api('PUT', '/v2/tasks?category=rates&action=import', csv, { 'content-type': 'text/csv' });
  expect(created.status).toBe(201);
  expect(created.body.revision).toBe('undefined');
  const id = created.body.data._read_only.id as string;

  const read = await api('GET', `/v2/tasks/${id}`);
  expect(read.body).toMatchObject({ status: 'success', page_size: 1, revision: expect.stringMatching(/^\d+-/) });
  const started = await api('PATCH', `/v2/tasks/${id}`);
  expect(started.status).toBe(200);
  expect(started.body).toMatchObject({ page_size: 1, revision: 'automatic' });

  const key = await api('GET', `/v2/accounts/${platform.master.accountId}/api_key`);
  expect(key.body).toMatchObject({ status: 'success', revision: 'undefined' });
  const rate = await api('GET', '/v2/rates/number/15035551234');
  expect(rate.body.revision).toBe('undefined');
});

test("a body that is not JSON is Kazoo's 400 validation error on json, with the caller's token echoed", async () => {
  const res = await api('PUT', `/v2/accounts/${platform.master.accountId}`, '{"data": {"name": ', { 'content-type': 'application/json' });
  expect(res.status).toBe(400);
  expect(res.body).toMatchObject({
    auth_token: token,
    error: '400',
    message: 'validation error',
    status: 'error',
    data: { json: { invalid: { message: 'All JSON must be valid' } } },
  });
});
