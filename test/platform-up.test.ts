// The README's start path, as a user runs it: `tollgate up` in its own process on a fresh data dir.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestVhost, jsonOf, randomHex, type TestVhost } from '@tollgate/testing';
import { md5Credentials } from './support/platform';
import { CLI, cliBuilt, freePort, tollgateUp, waitForOutput } from './support/tollgate-up';

const maybe = cliBuilt ? describe : describe.skip;
if (!cliBuilt) process.stdout.write('platform-up tests skipped: run `npm test` (it builds cli/dist first)\n');


/** An address of this machine that is not loopback, if it has one. */
function outsideAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
}

/** Whether anything answers HTTP at the URL (a refused connection: false). */
const answers = (url: string) =>
  fetch(url, { signal: AbortSignal.timeout(10000) }).then(
    () => true,
    () => false,
  );

const basic = (name: string, password: string) => `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}`;

/** The CouchDB admin the banner prints: `CouchDB admin  <name> / <password>`. */
function bannerCouchAdmin(output: string): { name: string; password: string } {
  const m = output.match(/CouchDB admin {2}(\S+) \/ (\S+)/);
  if (!m) throw new Error(`no CouchDB admin in the banner:\n${output}`);
  return { name: m[1], password: m[2] };
}

maybe('tollgate up on a fresh data dir', () => {
  let dataDir: string;
  let vhost: TestVhost;
  let env: NodeJS.ProcessEnv;
  let httpPort: number;
  let couchPort: number;
  const admin = { account: `acme${randomHex(2)}`, user: 'root', password: `pw-${randomHex(6)}` };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tollgate-up-'));
    vhost = await createTestVhost();
    httpPort = await freePort();
    couchPort = await freePort();
    env = {
      ...process.env,
      COUCHDB_URL: '',
      AMQP_URL: vhost.url,
      TOLLGATE_DATA_DIR: dataDir,
      TOLLGATE_HTTP_PORT: String(httpPort),
      TOLLGATE_COUCHDB_PORT: String(couchPort),
      TOLLGATE_MASTER_ACCOUNT_NAME: admin.account,
      TOLLGATE_ADMIN_USERNAME: admin.user,
      TOLLGATE_ADMIN_PASSWORD: admin.password,
      TOLLGATE_LOG_LEVEL: 'warn',
    };
  });

  afterAll(async () => {
    await vhost.remove();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const login = () =>
    fetch(`http://127.0.0.1:${httpPort}/v2/user_auth`, {
      method: 'PUT',
      body: JSON.stringify({ data: { credentials: md5Credentials(admin.user, admin.password), account_name: admin.account } }),
    });

  test('starts everything, serves Fauxton, guards the API, reports status, and keeps data across restarts', async () => {
    const first = tollgateUp(env);
    try {
      await waitForOutput(first, 'Tollgate is up.');
      expect(first.output()).toContain(`http://127.0.0.1:${couchPort}/_utils/`);

      const fauxton = await fetch(`http://127.0.0.1:${couchPort}/_utils/`);
      expect(fauxton.status).toBe(200);
      expect(await fauxton.text()).toMatch(/<html/i);

      // The database has an admin: generated, kept 0600 in the data dir, printed with Fauxton's URL.
      const couchAdmin = bannerCouchAdmin(first.output());
      expect(couchAdmin.name).toBe('admin');
      expect(first.output()).toContain(`curl -u "admin:${couchAdmin.password}" http://127.0.0.1:${couchPort}/_all_dbs`);
      const adminFile = join(dataDir, 'couchdb', 'couchdb-admin.json');
      expect(JSON.parse(readFileSync(adminFile, 'utf8'))).toEqual(couchAdmin);
      expect(statSync(adminFile).mode & 0o777).toBe(0o600);
      for (const path of ['/_all_dbs', '/_config', '/_users/_all_docs', '/token_auth/_all_docs?include_docs=true', '/accounts/_all_docs']) {
        const anonymous = await fetch(`http://127.0.0.1:${couchPort}${path}`);
        expect([path, anonymous.status]).toEqual([path, 401]);
      }
      const asAdmin = await fetch(`http://127.0.0.1:${couchPort}/_all_dbs`, { headers: { authorization: basic(couchAdmin.name, couchAdmin.password) } });
      expect(await asAdmin.json()).toEqual(expect.arrayContaining(['accounts', 'system_config']));
      // Fauxton's login: its form to /_session, then the cookie
      const session = await fetch(`http://127.0.0.1:${couchPort}/_session`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(couchAdmin).toString(),
      });
      expect(session.status).toBe(200);
      const cookie = (session.headers.get('set-cookie') ?? '').split(';')[0];
      expect((await fetch(`http://127.0.0.1:${couchPort}/_all_dbs`, { headers: { cookie } })).status).toBe(200);

      // crossbar serves this machine only unless TOLLGATE_HTTP_HOST says otherwise
      const outside = outsideAddress();
      if (outside) expect(await answers(`http://${outside}:${httpPort}/`)).toBe(false);
      expect(first.output()).toContain('this machine only; TOLLGATE_HTTP_HOST');

      // One operations port for the whole process (a free one here: TOLLGATE_METRICS_PORT=0), named
      // in the banner: its health covers every service, its scrape labels each service's series.
      const ops = first.output().match(/Metrics\s+(http:\/\/127\.0\.0\.1:\d+)\/metrics/)?.[1];
      expect(ops).toBeDefined();
      const health = await fetch(`${ops}/health`);
      expect(health.status).toBe(200);
      expect(Object.keys(((await health.json()) as { services: object }).services).sort()).toEqual(['charging', 'crossbar-api', 'number-manager', 'rating', 'services-sync', 'tasks']);
      const scrape = await (await fetch(`${ops}/metrics`)).text();
      expect(scrape).toMatch(/^tollgate_rating_rate_req_total\{service="rating"\} 0$/m);
      expect(scrape).toMatch(/^tollgate_amqp_reconnects_total\{service="tollgate"\} 0$/m);

      const anon = await fetch(`http://127.0.0.1:${httpPort}/v2/accounts/${randomHex(16)}`);
      expect(anon.status).toBe(401);
      expect(await jsonOf(anon)).toMatchObject({ status: 'error', error: '401', message: 'invalid_credentials' });

      const status = spawnSync(process.execPath, [CLI, 'status'], { env, encoding: 'utf8' });
      expect(status.status).toBe(0);
      // the CLI finds the database admin in the data dir, and does not print the password
      expect(status.stdout).toContain(`database   up (http://admin:***@127.0.0.1:${couchPort})`);
      for (const svc of ['crossbar-api', 'rating', 'services-sync', 'number-manager', 'tasks']) expect(status.stdout).toMatch(new RegExp(`${svc}\\s+up`));

      const res = await login();
      expect(res.status).toBe(201);
      const accountId = (await jsonOf(res)).data.account_id;

      // the same ports again: one line naming the port, non-zero exit
      const second = spawnSync(process.execPath, [CLI, 'up'], { env, encoding: 'utf8', timeout: 60000 });
      expect(second.status).not.toBe(0);
      expect(second.stderr.trim().split('\n').filter((l) => l.startsWith('tollgate:'))).toEqual([
        `tollgate: port ${couchPort} is already in use (set TOLLGATE_COUCHDB_PORT to use another one)`,
      ]);

      first.proc.kill('SIGTERM');
      expect(await first.exited).toBe(0);

      const again = tollgateUp({ ...env, TOLLGATE_HTTP_HOST: '0.0.0.0' });
      try {
        await waitForOutput(again, 'Tollgate is up.');
        expect(again.output()).toContain(accountId);
        // the same database admin after a restart
        expect(bannerCouchAdmin(again.output())).toEqual(couchAdmin);
        if (outside) expect(await answers(`http://${outside}:${httpPort}/`)).toBe(true);
        expect(again.output()).toContain('every interface; TOLLGATE_HTTP_HOST');
        const relog = await login();
        expect(relog.status).toBe(201);
        expect((await jsonOf(relog)).data.account_id).toBe(accountId);
      } finally {
        again.proc.kill('SIGTERM');
        await again.exited;
      }
    } finally {
      if (first.proc.exitCode === null) first.proc.kill('SIGKILL');
    }
  }, 180000);
});
