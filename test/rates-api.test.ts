// cb_rates over HTTP: CRUD in a ratedeck, listing (JSON and CSV), Kazoo validation errors, decks.
import { jsonOf, type Loose } from '@tollgate/testing';
import { startTestPlatform, type TestPlatform } from './support/platform';

let platform: TestPlatform;
let H: Record<string, string>;

beforeAll(async () => {
  platform = await startTestPlatform({ services: ['crossbar-api'] });
  H = { 'X-Auth-Token': await platform.login(platform.master.username, platform.master.password, platform.master.accountName) };
}, 60000);

afterAll(async () => {
  await platform?.stop();
});

async function api(method: string, path: string, data?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Loose }> {
  const res = await fetch(`${platform.url}${path}`, { method, headers: { ...H, ...headers }, body: data === undefined ? undefined : JSON.stringify({ data }) });
  return { status: res.status, body: await jsonOf(res) };
}

test('a rate is created, read, replaced, patched and soft-deleted, keeping its exact cost', async () => {
  const put = await api('PUT', '/v2/rates?ratedeck_id=crud', { prefix: 1415, rate_cost: 0.00125, iso_country_code: 'US', description: 'SF' });
  expect(put.status).toBe(201);
  expect(put.body.data).toEqual({
    id: 'US-1415',
    prefix: 1415,
    rate_cost: 0.00125,
    iso_country_code: 'US',
    description: 'SF',
    rate_name: 'US_1415',
    weight: 40,
    routes: ['^\\+1415(\\d*)$'],
  });
  expect((await api('PUT', '/v2/rates?ratedeck_id=crud', { prefix: 1415, rate_cost: 1, iso_country_code: 'US' })).status).toBe(409);
  expect((await api('GET', '/v2/rates/US-1415?ratedeck_id=crud')).body.data.rate_cost).toBe(0.00125);

  const post = await api('POST', '/v2/rates/US-1415?ratedeck_id=crud', { prefix: 1415, rate_cost: 0.002, internal_rate_cost: 0.001 });
  expect(post.body.data).toMatchObject({ id: 'US-1415', rate_cost: 0.002 });
  expect(post.body.data).not.toHaveProperty('internal_rate_cost');
  expect(await platform.couch.get('ratedeck/crud', 'US-1415')).toMatchObject({ pvt_internal_rate_cost: 0.001 });

  const patch = await api('PATCH', '/v2/rates/US-1415?ratedeck_id=crud', { description: 'San Francisco' });
  expect(patch.body.data).toMatchObject({ rate_cost: 0.002, description: 'San Francisco' });

  const list = await api('GET', '/v2/rates?ratedeck_id=crud');
  expect(list.body.data).toEqual([{ id: 'US-1415', name: '1415', cost: 0.002, prefix: 1415, description: 'San Francisco' }]);
  const csv = await fetch(`${platform.url}/v2/rates?ratedeck_id=crud`, { headers: { ...H, Accept: 'text/csv' } });
  expect((await csv.text()).split('\n')[1]).toMatch(/^1415,0\.002,/);

  expect((await api('DELETE', '/v2/rates/US-1415?ratedeck_id=crud')).status).toBe(200);
  expect((await api('GET', '/v2/rates/US-1415?ratedeck_id=crud')).status).toBe(404);
  expect(await platform.couch.get('ratedeck/crud', 'US-1415')).toMatchObject({ pvt_deleted: true });
  expect((await api('GET', '/v2/rates/ratedecks')).body.data).toEqual(expect.arrayContaining([{ id: 'crud', database: 'ratedeck/crud', rate_count: 0 }]));
});

test('bad input gets Kazoo validation errors and writes nothing', async () => {
  const res = await api('PUT', '/v2/rates?ratedeck_id=crud', { prefix: 'x', rate_cost: -1 });
  expect(res.status).toBe(400);
  expect(res.body).toMatchObject({
    error: '400',
    message: 'validation error',
    data: { prefix: { type: { message: 'Value did not match type(s): integer' } }, rate_cost: { minimum: { message: 'Value must be at least 0' } } },
  });
  expect((await api('PUT', '/v2/rates?ratedeck_id=Bad%20Deck', { prefix: 1, rate_cost: 1 })).status).toBe(400);
});

test('an oversized field gets a Kazoo maxLength error, without the value, and nothing is stored', async () => {
  const res = await api('PUT', '/v2/rates?ratedeck_id=crud', { prefix: 1416, rate_cost: 0.01, description: 'd'.repeat(100_000) });
  expect(res.status).toBe(400);
  expect(res.body).toMatchObject({
    error: '400',
    message: 'validation error',
    data: { description: { maxLength: { message: 'String must not be more than 500 characters', target: 500, length: 100_000 } } },
  });
  expect(JSON.stringify(res.body)).not.toContain('ddddd');
  expect(await platform.couch.get('ratedeck/crud', 'XX-1416')).toBeUndefined();
});
