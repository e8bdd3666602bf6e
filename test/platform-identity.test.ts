// Two Tollgate platforms (two databases) on one RabbitMQ vhost would share the work queues and
// answer each other's requests from the wrong data: the second one refuses to start, and
// `tollgate status` names the other platform's nodes.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startEmbeddedCouchDB } from '@tollgate/embedded-couchdb';
import { Couch } from '@tollgate/kazoo-db';
import { ensureGlobalDbs } from '@tollgate/service-kit';
import { createTestVhost, type TestVhost } from '@tollgate/testing';
import { startTestPlatform, type TestPlatform } from './support/platform';

const CLI = join(__dirname, '..', 'cli', 'dist', 'index.js');

let vhost: TestVhost;
let first: TestPlatform;

beforeAll(async () => {
  vhost = await createTestVhost();
  first = await startTestPlatform({ services: ['crossbar-api', 'tasks'], vhost });
}, 60_000);

afterAll(async () => {
  await first?.stop();
  await vhost?.remove();
});

test('a second platform with its own database on the same vhost refuses to start, naming the way out', async () => {
  const err = await startTestPlatform({ services: ['tasks'], vhost }).then(
    (p) => p.stop().then(() => undefined),
    (e: unknown) => e as Error,
  );
  expect(err).toBeInstanceOf(Error);
  const message = (err as Error).message;
  expect(message.split('\n')).toHaveLength(1);
  expect(message).toMatch(/^queue tasks_listener is consumed by another Tollgate platform \(node tollgate-test-\w+@localhost, database http:\/\/127\.0\.0\.1:\d+\)/);
  expect(message).toContain('give each platform a RabbitMQ vhost of its own: AMQP_URL=');
  // The first platform still answers its own task requests.
  const token = await first.login(first.master.username, first.master.password, first.master.accountName);
  const help = await fetch(`${first.url}/v2/tasks?category=rates`, { headers: { 'X-Auth-Token': token } });
  expect(help.status).toBe(200);
}, 60_000);

(existsSync(CLI) ? test : test.skip)('tollgate status run against another database on that vhost names the foreign nodes', async () => {
  const server = await startEmbeddedCouchDB({ port: 0, host: '127.0.0.1' });
  try {
    await ensureGlobalDbs(new Couch(server.url));
    const result = await new Promise<{ code: number; stdout: string }>((resolve) => {
      const env = { ...process.env, COUCHDB_URL: server.url, AMQP_URL: vhost.url, TOLLGATE_LOG_LEVEL: 'error' };
      execFile(process.execPath, [CLI, 'status'], { encoding: 'utf8', timeout: 60_000, env }, (e, stdout) => {
        resolve({ code: e ? Number((e as { code?: number }).code ?? 1) : 0, stdout });
      });
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^foreign\s+tasks_listener is consumed by another platform: node tollgate-test-\w+@localhost, database http:\/\/127\.0\.0\.1:\d+$/m);
  } finally {
    const couch = new Couch(server.url);
    for (const db of await couch.listDbs()) if (!db.startsWith('_')) await couch.destroyDb(db);
    await server.close();
  }
}, 60_000);
