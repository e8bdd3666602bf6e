// `tollgate import rates`, `tasks ls` and `tasks show`, run as an operator runs them, against a
// running platform (the CLI finds it through COUCHDB_URL and AMQP_URL).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestPlatform, type TestPlatform } from './support/platform';

const CLI = join(__dirname, '..', 'cli', 'dist', 'index.js');
const maybe = existsSync(CLI) ? describe : describe.skip;

maybe('tollgate import rates / tasks', () => {
  let platform: TestPlatform;
  let dir: string;
  // Asynchronous on purpose: the platform's database runs in this process and must keep answering.
  const runWith = (extraEnv: Record<string, string | undefined>, ...args: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const env = { ...process.env, COUCHDB_URL: platform.couchUrl, AMQP_URL: platform.amqpUrl, ...extraEnv };
      execFile(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60000, env }, (err, stdout, stderr) => {
        resolve({ status: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr });
      });
    });
  const run = (...args: string[]) => runWith({ TOLLGATE_LOG_LEVEL: 'error' }, ...args);

  beforeAll(async () => {
    platform = await startTestPlatform({ services: ['tasks'] });
    dir = mkdtempSync(join(tmpdir(), 'tollgate-cli-'));
  }, 60000);
  afterAll(async () => {
    await platform?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('imports a deck through the tasks service and shows the task as the API does', async () => {
    const file = join(dir, 'deck.csv');
    writeFileSync(file, 'prefix,rate_cost,description\n1503,0.1,BRONZE\n150,0.00125,SILVER\n44,abc,UK\n');
    const imported = await run('import', 'rates', file, '--ratedeck', 'clideck', '--no-progress');
    expect(imported.status).toBe(1); // one bad row: the task ends partial and the verb says so
    const id = /task ([0-9a-f]{30}): 3 rows/.exec(imported.stdout)?.[1];
    expect(id).toBeDefined();
    expect(imported.stdout).toMatch(/"status": "partial"/);
    expect(await platform.couch.get('ratedeck/clideck', 'XX-150')).toMatchObject({ rate_cost: 0.00125, description: 'SILVER' });

    const ls = await run('tasks', 'ls', '--json');
    expect(ls.status).toBe(0);
    expect(JSON.parse(ls.stdout)).toEqual([expect.objectContaining({ id, category: 'rates', action: 'import', status: 'partial', success_count: 2, failure_count: 1 })]);
    const show = await run('tasks', 'show', id!);
    expect(show.status).toBe(0);
    expect(JSON.parse(show.stdout)).toMatchObject({ _read_only: { id, account_id: platform.master.accountId, total_count: 3, status: 'partial' } });

    const missing = await run('import', 'rates', join(dir, 'nope.csv'));
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim()).toBe(`tollgate: no such file: ${join(dir, 'nope.csv')}`);
    // four CLI processes, each starting node and its modules: under a load of 15 on 2 cores each took 10-20 s
  }, 240_000);

  test.each([
    ['no rate_cost column', 'prefix,description\n1503,BRONZE\n'],
    ['ragged rows', 'prefix,rate_cost\n1503,0.1,extra,cells\n'],
    ['an empty prefix', 'prefix,rate_cost\n,0.1\n'],
  ])('a CSV the tasks API refuses (%s) gets its reason in one line and a non-zero exit, no stack trace', async (_what, csv) => {
    const file = join(dir, 'refused.csv');
    writeFileSync(file, csv);
    const res = await run('import', 'rates', file, '--ratedeck', 'clirefused', '--no-progress');
    expect(res.status).toBe(1);
    const lines = res.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^tollgate: \S/);
    expect(res.stderr).not.toMatch(/TypeError|\n\s+at /);
  }, 120_000);

  test('one-shot verbs print only their answer or their error: no connection log, an unknown sync said once', async () => {
    const file = join(dir, 'quiet.csv');
    writeFileSync(file, 'prefix,rate_cost\n1503,0.1\n');
    const imported = await runWith({ TOLLGATE_LOG_LEVEL: undefined }, 'import', 'rates', file, '--ratedeck', 'cliquiet', '--no-progress');
    expect(imported.status).toBe(0);
    expect(`${imported.stdout}${imported.stderr}`).not.toMatch(/connected to AMQP/);

    const sync = await run('sync', 'f'.repeat(32));
    expect(sync.status).toBe(1);
    expect(sync.stdout).toBe('');
    expect(sync.stderr.trim().split('\n')).toHaveLength(1);

    const help = await run('import', 'rates', '--help');
    expect(help.stdout.replace(/\s+/g, " ")).toMatch(/as PUT \/v2\/tasks\?category=rates&action=import/);
    const upHelp = await runWith({ TOLLGATE_HTTP_PORT: '8123' }, 'up', '--help');
    expect(upHelp.stdout).toMatch(/:8123/);
  }, 120_000);
});
