// The tasks service as a user meets it: a partial import with its reasons in out.csv, and a
// separately started tasks process killed with SIGKILL in the middle of a 100,000-row import
// (its task says that its worker is gone until a restarted one resumes it).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { jsonOf, type Loose } from '@tollgate/testing';
import { startTestPlatform, type TestPlatform } from './support/platform';

const CLI = join(__dirname, '..', 'cli', 'dist', 'index.js');

let platform: TestPlatform;
let H: Record<string, string>;

beforeAll(async () => {
  // No tasks service inside the platform: the tests start their own tasks processes.
  platform = await startTestPlatform({ services: ['crossbar-api'] });
  await platform.config.setDefault('tasks', 'lease_ttl_ms', 3000);
  await platform.config.setDefault('tasks', 'lease_renew_ms', 500);
  await platform.config.setDefault('tasks', 'takeover_scan_ms', 500);
  H = { 'X-Auth-Token': await platform.login(platform.master.username, platform.master.password, platform.master.accountName) };
}, 60000);

afterAll(async () => {
  await platform?.stop();
});

function startTasksProcess(name: string): { proc: ChildProcess; output: () => string; ready: Promise<void> } {
  let out = '';
  const proc = spawn(process.execPath, [CLI, 'start', 'tasks'], {
    env: { ...process.env, COUCHDB_URL: platform.couchUrl, AMQP_URL: platform.amqpUrl, TOLLGATE_NODE: `${name}@test`, TOLLGATE_HTTP_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('tasks started')) resolve();
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`tasks process exited (${code}) before it was ready:\n${out}`)));
  });
  return { proc, output: () => out, ready };
}

async function api(method: string, path: string, init: { headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: Loose }> {
  const res = await fetch(`${platform.url}${path}`, { method, headers: { ...H, ...init.headers }, body: init.body });
  return { status: res.status, body: await jsonOf(res) };
}

async function waitFor(taskId: string, done: (t: Loose) => boolean, ms: number): Promise<Loose> {
  const end = Date.now() + ms;
  for (;;) {
    const { body } = await api('GET', `/v2/tasks/${taskId}`);
    const task = body.data?._read_only;
    if (task && done(task)) return task;
    if (Date.now() > end) throw new Error(`task ${taskId} stuck: ${JSON.stringify(task)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function createImport(csv: string): Promise<string> {
  const put = await api('PUT', '/v2/tasks?category=rates&action=import', { headers: { 'Content-Type': 'text/csv' }, body: csv });
  expect(put.status).toBe(201);
  return put.body.data._read_only.id;
}

const maybe = existsSync(CLI) ? describe : describe.skip;

maybe('tasks acceptance', () => {
  test('10 rows with 3 bad ones: partial 7/3, and out.csv gives each bad row its reason', async () => {
    const worker = startTasksProcess('partial');
    try {
      await worker.ready;
      const rows = [
        'prefix,rate_cost,description,ratedeck_id',
        '1,0.01,one,partial',
        '12,0.02,two,partial',
        '123,abc,three,partial',
        '1234,0.00125,four,partial',
        '0044,0.05,five,partial',
        '12345,0.06,six,partial',
        '123456,-0.5,seven,partial',
        '21,0.07,eight,partial',
        '22,0.08,nine,partial',
        '23,0.09,ten,partial',
      ];
      const id = await createImport(`${rows.join('\n')}\n`);
      expect((await api('PATCH', `/v2/tasks/${id}`)).status).toBe(200);
      const task = await waitFor(id, (t) => t.status !== 'executing', 30000);
      expect(task).toMatchObject({ status: 'partial', total_count: 10, success_count: 7, failure_count: 3 });
      const out = await fetch(`${platform.url}/v2/tasks/${id}/output`, { headers: H });
      expect(out.headers.get('content-type')).toMatch(/^text\/csv/);
      expect((await out.text()).split('\n')).toEqual([
        'prefix,rate_cost,description,ratedeck_id,error',
        '123,abc,three,partial,"rate_cost must be a number >= 0, got ""abc"""',
        '0044,0.05,five,partial,"prefix must be the digits of an E.164 prefix (1 to 15 digits, not starting with 0), got ""0044"""',
        '123456,-0.5,seven,partial,"rate_cost must be a number >= 0, got ""-0.5"""',
        '',
      ]);
      expect(await platform.couch.get('ratedeck/partial', 'XX-1234')).toMatchObject({ rate_cost: 0.00125 });
    } finally {
      worker.proc.kill('SIGKILL');
    }
  }, 60000);

  test('kill -9 of the tasks process in a 100,000-row import: a restarted one finishes it, nothing doubled or lost', async () => {
    const N = 100_000;
    const lines = ['prefix,rate_cost,ratedeck_id'];
    for (let i = 0; i < N; i++) lines.push(`${1_000_000 + i},0.00${(i % 900) + 100},crash`);
    const first = startTasksProcess('doomed');
    await first.ready;
    const id = await createImport(`${lines.join('\n')}\n`);
    expect((await api('PATCH', `/v2/tasks/${id}`)).status).toBe(200);
    const before = await waitFor(id, (t) => (t.success_count ?? 0) >= 5000 || t.status !== 'executing', 120000);
    expect(before.status).toBe('executing');
    first.proc.kill('SIGKILL');
    await new Promise((r) => first.proc.once('exit', r));
    // Still `executing` (Kazoo's status, unchanged), but it says that its worker is gone and when it resumes.
    const orphan = await waitFor(id, (t) => t.worker?.alive === false, 60000);
    expect(orphan).toMatchObject({ status: 'executing', worker: { node: 'doomed@test', alive: false, last_seen: expect.any(Number) }, resumes_at: expect.any(Number) });
    expect(orphan.resumes_at).toBeGreaterThanOrEqual(orphan.worker.last_seen);

    const second = startTasksProcess('heir');
    try {
      await second.ready;
      const task = await waitFor(id, (t) => t.status !== 'executing', 300000);
      expect(task.status).toBe('success');
      expect(task.total_count).toBe(N);
      expect(task.success_count + task.failure_count).toBe(N);
      expect(task.node).toBe('heir@test');
      expect(task.worker).toBeUndefined();
      const info = await platform.couch.info('ratedeck/crash');
      expect(info.doc_count).toBe(N);
      expect(await platform.couch.get('ratedeck/crash', `XX-${1_000_000 + N - 1}`)).toMatchObject({ rate_cost: Number(`0.00${((N - 1) % 900) + 100}`) });
    } finally {
      second.proc.kill('SIGKILL');
    }
  }, 400000);
});
