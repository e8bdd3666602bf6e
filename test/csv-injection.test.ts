// Spreadsheet formula injection (OWASP "CSV Injection"): a ratedeck exported as CSV shows a rate
// named `=1+2` as text (`'=1+2`), keeps negative and E.164-looking numbers as numbers, and the
// export imported again gives back exactly the rates it was made from.
import { jsonOf, type Loose } from '@tollgate/testing';
import { startTestPlatform, type TestPlatform } from './support/platform';

let platform: TestPlatform;
let H: Record<string, string>;

beforeAll(async () => {
  platform = await startTestPlatform({ services: ['crossbar-api', 'tasks'] });
  H = { 'X-Auth-Token': await platform.login(platform.master.username, platform.master.password, platform.master.accountName) };
}, 60000);

afterAll(async () => {
  await platform?.stop();
});

async function api(method: string, path: string, init: { data?: unknown; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: Loose }> {
  const body = init.body ?? (init.data === undefined ? undefined : JSON.stringify({ data: init.data }));
  const res = await fetch(`${platform.url}${path}`, { method, headers: { ...H, ...init.headers }, body });
  return { status: res.status, body: await jsonOf(res) };
}

const FORMULAS = { rate_name: '=1+2', description: '@SUM(1)', carrier: '+cmd|x', iso_country_code: 'US' };

test('formula-like cells are exported with a leading quote and imported back unchanged', async () => {
  const put = await api('PUT', '/v2/rates?ratedeck_id=inject', { data: { prefix: 1415, rate_cost: 0.01, rate_surcharge: 0.5, ...FORMULAS } });
  expect(put.status).toBe(201);

  const res = await fetch(`${platform.url}/v2/rates?ratedeck_id=inject`, { headers: { ...H, Accept: 'text/csv' } });
  const [header, line] = (await res.text()).split('\n');
  const columns = header.split(',');
  const cells = line.split(',');
  const cell = (name: string) => cells[columns.indexOf(name)];
  expect(cell('rate_name')).toBe("'=1+2");
  expect(cell('description')).toBe("'@SUM(1)");
  expect(cell('carrier')).toBe("'+cmd|x");
  expect(cell('prefix')).toBe('1415');
  expect(cell('rate_cost')).toBe('0.01');

  // The same file, aimed at another deck, imports to the same rates.
  cells[columns.indexOf('ratedeck_id')] = 'inject_copy';
  const task = await api('PUT', '/v2/tasks?category=rates&action=import', { headers: { 'Content-Type': 'text/csv' }, body: `${header}\n${cells.join(',')}\n` });
  expect(task.status).toBe(201);
  const id = task.body.data._read_only.id;
  expect((await api('PATCH', `/v2/tasks/${id}`)).status).toBe(200);
  const end = Date.now() + 30_000;
  let status = 'executing';
  while (status === 'executing' || status === 'pending') {
    if (Date.now() > end) throw new Error(`import ${id} did not finish`);
    await new Promise((r) => setTimeout(r, 100));
    status = (await api('GET', `/v2/tasks/${id}`)).body.data._read_only.status;
  }
  expect(status).toBe('success');
  const copy = await api('GET', `/v2/rates/${put.body.data.id}?ratedeck_id=inject_copy`);
  expect(copy.body.data).toMatchObject({ prefix: 1415, rate_cost: 0.01, ...FORMULAS });
});
