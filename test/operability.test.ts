// Issue 19 as an operator meets it, on one platform (crossbar, rating, tasks): GET /v2/openapi.json
// describes every route, real answers of the accounts, rates, tasks and ledgers flows (and their
// errors) validate against it; crossbar's scrape on the operations port shows the routes called,
// by template; /health answers 200 with every dependency and follower.
import { jsonOf, type Loose, waitFor } from '@tollgate/testing';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { startTestPlatform, type TestPlatform } from './support/platform';

let platform: TestPlatform;
let H: Record<string, string>;
let openapi: Loose;
let ajv: Ajv2020;

beforeAll(async () => {
  platform = await startTestPlatform({ services: ['crossbar-api', 'rating', 'tasks'], ops: true });
  H = { 'X-Auth-Token': await platform.login(platform.master.username, platform.master.password, platform.master.accountName) };
  const res = await fetch(`${platform.url}/v2/openapi.json`);
  expect(res.status).toBe(200);
  openapi = await res.json();
  // The document is the schema registry: each answer is checked against the schema it declares.
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(openapi, 'openapi.json');
}, 120_000);

afterAll(async () => {
  await platform?.stop();
});

interface Seen {
  method: string;
  template: string;
  status: number;
  body: Loose;
}
const seen: Seen[] = [];

/** Calls crossbar and checks the answer against what the description says of that route and status. */
async function call(method: string, template: string, params: Record<string, string>, init: { body?: string; headers?: Record<string, string> } = {}): Promise<Seen> {
  const path = template.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(params[k]));
  const query = params.query ? `?${params.query}` : '';
  const res = await fetch(`${platform.url}${path}${query}`, { method, headers: { ...H, ...init.headers }, body: init.body });
  const body = await jsonOf(res);
  const answer = { method, template, status: res.status, body };
  seen.push(answer);
  const op = openapi.paths[template]?.[method.toLowerCase()];
  if (!op) throw new Error(`${method} ${template} is not in the description`);
  const declared = op.responses[String(res.status)] ? String(res.status) : 'default';
  const pointer = `openapi.json#/paths/${template.replace(/~/g, '~0').replace(/\//g, '~1')}/${method.toLowerCase()}/responses/${declared}`;
  const response = op.responses[declared].$ref ? op.responses[declared].$ref.replace('#', 'openapi.json#') : pointer;
  const validate = ajv.compile({ $ref: `${response}/content/application~1json/schema` });
  if (!validate(body)) throw new Error(`${method} ${path} ${res.status} does not match the description: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body)}`);
  return answer;
}

const json = (data: unknown) => ({ body: JSON.stringify({ data }), headers: { 'Content-Type': 'application/json' } });

test('every route of the route table is in the description, which is OpenAPI 3.1 with the X-Auth-Token scheme', () => {
  expect(openapi.openapi).toBe('3.1.0');
  expect(openapi.components.securitySchemes.authToken).toEqual(expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-Auth-Token' }));
  expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/v2/accounts/{account_id}', '/v2/rates', '/v2/tasks/{task_id}', '/v2/accounts/{account_id}/ledgers/{source}']));
});

test('the docs page is served from the installed viewer, no CDN', async () => {
  const page = await fetch(`${platform.url}/v2/docs`);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('/v2/docs/swagger-ui-bundle.js');
  expect(html).not.toMatch(/https?:\/\//);
  const bundle = await fetch(`${platform.url}/v2/docs/swagger-ui-bundle.js`);
  expect([bundle.status, bundle.headers.get('content-type')]).toEqual([200, expect.stringContaining('javascript')]);
  expect((await fetch(`${platform.url}/v2/docs/package.json`)).status).toBe(404);
});

test('the accounts, rates, tasks and ledgers flows answer as described', async () => {
  const master = platform.master.accountId;
  // accounts
  const created = await call('PUT', '/v2/accounts/{account_id}', { account_id: master }, json({ name: 'OpenAPI Customer', realm: 'openapi.example.com' }));
  expect(created.status).toBe(201);
  const customer = String(created.body.data.id);
  expect((await call('GET', '/v2/accounts/{account_id}', { account_id: customer })).status).toBe(200);
  expect((await call('PATCH', '/v2/accounts/{account_id}', { account_id: customer }, json({ timezone: 'Europe/Paris' }))).status).toBe(200);
  expect((await call('GET', '/v2/accounts/{account_id}/children', { account_id: master })).body.data).toEqual(expect.arrayContaining([expect.objectContaining({ id: customer })]));
  expect((await call('PUT', '/v2/accounts/{account_id}', { account_id: master }, json({}))).status).toBe(400); // Kazoo's validation error envelope

  // rates
  const rate = await call('PUT', '/v2/rates', {}, json({ prefix: 3312, rate_cost: 0.02, description: 'France Paris' }));
  expect(rate.status).toBe(201);
  expect((await call('GET', '/v2/rates/{rate_id}', { rate_id: String(rate.body.data.id) })).status).toBe(200);
  expect((await call('GET', '/v2/rates', {})).status).toBe(200);
  expect((await call('GET', '/v2/rates/ratedecks', {})).status).toBe(200);
  await waitFor('rating has the new rate', async () => {
    const res = await fetch(`${platform.url}/v2/rates/number/33123456789`, { headers: H });
    return res.status === 200 ? true : undefined;
  });
  expect((await call('GET', '/v2/rates/number/{number}', { number: '33123456789' })).body.data).toMatchObject({ Prefix: expect.stringMatching(/^3312/) });

  // tasks
  expect((await call('GET', '/v2/tasks', {})).status).toBe(200);
  const csv = '"prefix","rate_cost","description"\n"3313","0.03","France Lyon"\n"x","y","broken"\n';
  const task = await call('PUT', '/v2/tasks', { query: 'category=rates&action=import' }, { body: csv, headers: { 'Content-Type': 'text/csv' } });
  expect(task.status).toBe(201);
  const taskId = String(task.body.data._read_only.id);
  expect((await call('PATCH', '/v2/tasks/{task_id}', { task_id: taskId })).status).toBe(200);
  const done = await waitFor('the import', async () => {
    const res = await call('GET', '/v2/tasks/{task_id}', { task_id: taskId });
    const s = res.body.data._read_only.status;
    return s === 'executing' || s === 'pending' ? undefined : res.body.data._read_only;
  });
  expect(done).toMatchObject({ status: 'partial', success_count: 1 });
  expect((await call('GET', '/v2/accounts/{account_id}/tasks', { account_id: master })).status).toBe(200);
  expect((await call('GET', '/v2/tasks/{task_id}', { task_id: 'f'.repeat(32) })).status).toBe(404);

  // ledgers
  const payment = { amount: 12.5, description: 'card payment', source: { service: 'payments', id: 'order-1' }, usage: { type: 'credit', quantity: 0, unit: 'dollars' } };
  expect((await call('PUT', '/v2/accounts/{account_id}/ledgers/credit', { account_id: customer }, json(payment))).status).toBe(201);
  expect((await call('GET', '/v2/accounts/{account_id}/ledgers/total', { account_id: customer })).body.data).toEqual({ amount: 12.5 });
  expect((await call('GET', '/v2/accounts/{account_id}/ledgers', { account_id: customer })).status).toBe(200);
  expect((await call('GET', '/v2/accounts/{account_id}/ledgers/{source}', { account_id: customer, source: 'payments' })).body.data).toHaveLength(1);
  expect((await call('GET', '/v2/accounts/{account_id}/ledgers/available', { account_id: customer })).status).toBe(200);

  // without a token: the 401 envelope the description promises
  const anonymous = await fetch(`${platform.url}/v2/accounts/${customer}`);
  expect(anonymous.status).toBe(401);
  const validate = ajv.compile({ $ref: 'openapi.json#/components/responses/Unauthorized/content/application~1json/schema' });
  expect(validate(await anonymous.json())).toBe(true);
});

test("crossbar's scrape on the operations port shows the routes called, by template, with latency and errors", async () => {
  expect(seen.length).toBeGreaterThan(10); // the flows above ran first
  const text = await (await fetch(`${platform.opsUrl}/metrics`)).text();
  const count = (method: string, route: string, code: number) => {
    const m = text.match(new RegExp(`^tollgate_crossbar_requests_total\\{service="crossbar-api",method="${method}",route="${route.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}",code="${code}"\\} (\\d+)$`, 'm'));
    return m ? Number(m[1]) : 0;
  };
  const route = (t: string) => t.replace(/\{(\w+)\}/g, ':$1');
  // Each route the flows called is counted under its template (never a raw path with an id in it).
  for (const s of seen) expect({ call: `${s.method} ${s.template} ${s.status}`, counted: count(s.method, route(s.template), s.status) > 0 }).toEqual({ call: `${s.method} ${s.template} ${s.status}`, counted: true });
  expect(text).not.toContain(platform.master.accountId);
  expect(text).toMatch(/^tollgate_crossbar_request_duration_seconds_count\{service="crossbar-api",method="PUT",route="\/v2\/accounts\/:account_id"\} \d+$/m);
  expect(text).toMatch(/^tollgate_crossbar_request_errors_total\{service="crossbar-api",method="GET",route="\/v2\/tasks\/:task_id",code="404"\} 1$/m);
  // the other services of the process are on the same endpoint, labelled with their names
  expect(text).toMatch(/^tollgate_tasks_rows_total\{service="tasks",category="rates",action="import",result="succeeded"\} 1$/m);
  expect(text).toMatch(/^tollgate_rating_ratedeck_rates\{service="rating",ratedeck="ratedeck"\} 2$/m);
  expect(text).toMatch(/^tollgate_changes_follower_lag_seconds\{/m);
});

test('health is 200: every service ready, CouchDB and AMQP reachable, followers caught up', async () => {
  const res = await fetch(`${platform.opsUrl}/health`);
  const body: Loose = await res.json();
  expect(res.status).toBe(200);
  expect(body).toMatchObject({
    status: 'ok',
    ready: true,
    healthy: true,
    services: { 'crossbar-api': { ready: true }, rating: { ready: true }, tasks: { ready: true } },
    dependencies: { couchdb: { reachable: true }, amqp: { reachable: true, mode: 'amqp' } },
  });
  expect(body.followers.length).toBeGreaterThan(0);
});
