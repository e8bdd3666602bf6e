// A platform answers correctly the moment startPlatform resolves (when `tollgate up` prints its
// banner): a number of a big ratedeck is rated, the tasks help is there; while it starts, its node
// doc says what each service is doing and `tollgate status` prints it.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Platform, startPlatform } from '@tollgate/cli';
import { startEmbeddedCouchDB, type EmbeddedCouchDB } from '@tollgate/embedded-couchdb';
import { Couch, gregorianNow } from '@tollgate/kazoo-db';
import { createTestVhost, randomHex, type TestVhost } from '@tollgate/testing';

const CLI = join(__dirname, '..', 'cli', 'dist', 'index.js');
const RATES = 30_000;
const prefixOf = (i: number) => String(4480_0000 + i);

let server: EmbeddedCouchDB;
let vhost: TestVhost;
let platform: Platform | undefined;
let dataDir: string;
const node = `tollgate-ready-${randomHex(3)}@localhost`;

beforeAll(async () => {
  vhost = await createTestVhost();
  server = await startEmbeddedCouchDB({ port: 0, host: '127.0.0.1' });
  dataDir = mkdtempSync(join(tmpdir(), 'tollgate-ready-'));
  const couch = new Couch(server.url);
  await couch.ensureDb('ratedeck');
  const docs = Array.from({ length: RATES }, (_, i) => ({ _id: `XX-${prefixOf(i)}`, pvt_type: 'rate', prefix: Number(prefixOf(i)), rate_cost: 0.0125, routes: [`^\\+${prefixOf(i)}(\\d*)$`] }));
  await couch.bulk('ratedeck', docs, { batchSize: 2000 });
}, 180_000);

afterAll(async () => {
  await platform?.stop();
  const couch = new Couch(server.url);
  for (const db of await couch.listDbs()) if (!db.startsWith('_')) await couch.destroyDb(db);
  await server.close();
  await vhost.remove();
  rmSync(dataDir, { recursive: true, force: true });
});

test('right after startPlatform resolves, a rate of the big deck and the tasks help are answered, and every service is ready', async () => {
  process.env.TOLLGATE_DATA_DIR = dataDir; // rating's snapshot goes there
  try {
    platform = await startPlatform({
      node,
      couchUrl: server.url,
      amqpUrl: vhost.url,
      allowLocalBus: false,
      http: { port: 0, host: '127.0.0.1' },
      services: ['crossbar-api', 'rating', 'services-sync', 'number-manager', 'tasks'],
      master: { accountName: `master${randomHex(3)}`, username: 'admin', password: randomHex(8) },
    });
  } finally {
    delete process.env.TOLLGATE_DATA_DIR;
  }
  const url = platform.crossbarUrl!;
  const [help, rate] = await Promise.all([fetch(`${url}/v2/tasks`), fetch(`${url}/v2/rates/number/+${prefixOf(12_345)}77`)]);
  expect(help.status).toBe(200);
  expect(((await help.json()) as { data: { tasks: Record<string, unknown> } }).data.tasks).toHaveProperty('rates');
  // rates/number needs a login; rate_req does not: the softswitch's way.
  const client = platform.deps.bus;
  const { rateReq, RATE_REQ_ROUTING_KEY } = await import('@tollgate/kazoo-bus');
  const resp = await client.rpc('callmgr', RATE_REQ_ROUTING_KEY, rateReq.build({ 'To-DID': `+${prefixOf(29_999)}77`, 'Send-Empty': true }, client.envelope()), {
    timeoutMs: 20_000,
  });
  expect(resp.Rate).toBe('125');
  expect(rate.status).not.toBe(500);

  const doc = (await platform.deps.couch.get('tollgate_nodes', node)) as { readiness?: Record<string, { ready: boolean }> } | undefined;
  expect(doc?.readiness).toEqual({
    'crossbar-api': { ready: true },
    rating: { ready: true },
    'services-sync': { ready: true },
    'number-manager': { ready: true },
    tasks: { ready: true },
  });
  expect(existsSync(join(dataDir, 'rating-snapshots'))).toBe(true);
}, 180_000);

/** `tollgate status` in its own process (asynchronously: the database it asks runs in this one). */
function status(): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, 'status'], { env: { ...process.env, COUCHDB_URL: server.url, AMQP_URL: vhost.url } }, (err, stdout) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout }),
    );
  });
}

const maybe = existsSync(CLI) ? test : test.skip;
maybe('tollgate status prints what a starting service is doing', async () => {
  const couch = new Couch(server.url);
  const starting = `tollgate-starting-${randomHex(3)}@localhost`;
  const now = gregorianNow();
  await couch.put('tollgate_nodes', {
    _id: starting,
    pvt_type: 'node',
    services: ['rating'],
    bus: 'amqp',
    pid: 1,
    started: now,
    heartbeat: now,
    readiness: { rating: { ready: false, detail: 'indexing ratedeck 43 %' } },
  });
  try {
    // Our platform's node is ready, the other one is still indexing: rating is up, and the line says so.
    expect((await status()).stdout).toMatch(/rating\s+up\s+.*indexing ratedeck 43 %/);
    await platform?.stop();
    platform = undefined;
    const alone = await status();
    expect(alone.stdout).toMatch(/rating\s+starting\s+indexing ratedeck 43 %/);
    expect(alone.code).toBe(1);
  } finally {
    await couch.destroyDb('tollgate_nodes').catch(() => undefined);
  }
}, 120_000);
