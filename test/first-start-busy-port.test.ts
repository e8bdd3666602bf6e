// A first start whose HTTP port is taken must not create the master admin it cannot show the
// password of; and `tollgate reset_password` is the way back for a lost one. Run as an operator
// runs them: `tollgate up` and the verb in their own processes, on a fresh data dir.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestVhost, jsonOf, randomHex, type TestVhost } from '@tollgate/testing';
import { md5Credentials } from './support/platform';
import { CLI, cliBuilt, freePort, tollgateUp, waitForOutput } from './support/tollgate-up';

const maybe = cliBuilt ? describe : describe.skip;


const tollgateLines = (stderr: string) =>
  stderr
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('tollgate:'));

maybe('first start with a busy port; tollgate reset_password', () => {
  let dataDir: string;
  let vhost: TestVhost;
  let env: NodeJS.ProcessEnv;
  let httpPort: number;
  const master = { account: `first${randomHex(2)}`, user: 'boss' };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tollgate-busy-'));
    vhost = await createTestVhost();
    httpPort = await freePort();
    env = {
      ...process.env,
      COUCHDB_URL: '',
      AMQP_URL: vhost.url,
      TOLLGATE_DATA_DIR: dataDir,
      TOLLGATE_HTTP_PORT: String(httpPort),
      TOLLGATE_COUCHDB_PORT: String(await freePort()),
      TOLLGATE_MASTER_ACCOUNT_NAME: master.account,
      TOLLGATE_ADMIN_USERNAME: master.user,
      TOLLGATE_ADMIN_PASSWORD: '',
      TOLLGATE_LOG_LEVEL: 'warn',
    };
  });

  afterAll(async () => {
    await vhost.remove();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const login = (password: string) =>
    fetch(`http://127.0.0.1:${httpPort}/v2/user_auth`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: { credentials: md5Credentials(master.user, password), account_name: master.account } }),
    });
  // Asynchronous, so that this process's HTTP client keeps its sockets in order meanwhile.
  const cli = (...args: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [CLI, ...args], { env, encoding: 'utf8', timeout: 90000 }, (err, stdout, stderr) => {
        resolve({ status: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr });
      });
    });

  test('the busy port is reported before the master is created, so the next start still prints the generated password; reset_password gives a new one and ends the old sessions', async () => {
    const blocker: Server = await new Promise((resolve) => {
      const s = createServer().listen(httpPort, '127.0.0.1', () => resolve(s));
    });
    let refused: Awaited<ReturnType<typeof cli>>;
    try {
      refused = await cli('up');
    } finally {
      await new Promise((r) => blocker.close(r));
    }
    expect(refused.status).not.toBe(0);
    expect(tollgateLines(refused.stderr)).toEqual([`tollgate: port ${httpPort} is already in use (set TOLLGATE_HTTP_PORT to use another one)`]);

    const platform = tollgateUp(env);
    try {
      await waitForOutput(platform, 'Tollgate is up.');
      // still the first run of the master admin: its generated password is shown
      const generated = /Password\s+(\S+)\s+<- generated now and shown only once/.exec(platform.output())?.[1];
      expect(generated).toBeDefined();
      const first = await login(generated!);
      expect(first.status).toBe(201);
      const { auth_token: oldToken, data } = (await jsonOf(first)) as { auth_token: string; data: { account_id: string } };
      const account = (token: string) => fetch(`http://127.0.0.1:${httpPort}/v2/accounts/${data.account_id}`, { headers: { 'X-Auth-Token': token } });
      expect((await account(oldToken)).status).toBe(200);

      // the way back for a lost password: a generated one, printed; the old password and tokens end
      const reset = await cli('reset_password', master.account, master.user);
      expect({ status: reset.status, errors: tollgateLines(reset.stderr) }).toEqual({ status: 0, errors: [] });
      const fresh = /^password: (\S+)$/m.exec(reset.stdout)?.[1];
      expect(fresh).toBeDefined();
      expect(fresh).not.toBe(generated);
      expect((await login(generated!)).status).toBe(401);
      expect((await account(oldToken)).status).toBe(401);
      expect((await login(fresh!)).status).toBe(201);

      // or one the operator chooses, naming the account by id; it is not echoed
      const chosen = `chosen-${randomHex(4)}`;
      const set = await cli('reset_password', data.account_id, master.user.toUpperCase(), chosen);
      expect(set.status).toBe(0);
      expect(set.stdout).not.toContain(chosen);
      expect((await login(chosen)).status).toBe(201);

      // bad input: one line, a non-zero exit, and the password stays what it was
      for (const [args, line] of [
        [['nosuchaccount', master.user], 'tollgate: no account named "nosuchaccount" (give its name, realm or id)'],
        [[master.account, 'nobody'], 'tollgate: the account has no user "nobody"'],
        [[master.account, master.user, ''], 'tollgate: the password must not be empty (omit it to have one generated)'],
      ] as const) {
        const bad = await cli('reset_password', ...args);
        expect({ args, status: bad.status, lines: tollgateLines(bad.stderr) }).toEqual({ args, status: 1, lines: [line] });
      }
      expect((await login(chosen)).status).toBe(201);
    } finally {
      platform.proc.kill('SIGTERM');
      await platform.exited;
    }
  }, 240000);
});
