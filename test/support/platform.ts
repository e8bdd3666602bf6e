// An isolated Tollgate for one test file: its own in-memory CouchDB, its own RabbitMQ vhost, its
// own state dir (rating's deck snapshots), crossbar on a free port, the master account
// bootstrapped — the same startPlatform `tollgate up` runs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServiceName, startPlatform } from '@tollgate/cli';
import type { SystemConfig } from '@tollgate/config';
import { crossbarClient } from '@tollgate/crossbar-api/testing';
import { startEmbeddedCouchDB } from '@tollgate/embedded-couchdb';
import { Couch } from '@tollgate/kazoo-db';
import type { Bus } from '@tollgate/kazoo-bus';
import { createTestVhost, randomHex, type TestVhost } from '@tollgate/testing';

export interface TestPlatform {
  /** crossbar's base URL, e.g. http://127.0.0.1:40123 */
  url: string;
  couch: Couch;
  /** What clients use (COUCHDB_URL): the admin's credentials included. */
  couchUrl: string;
  /** The database's address without credentials, as a person types it (http://127.0.0.1:<port>). */
  couchOrigin: string;
  couchAdmin: { name: string; password: string };
  /**
   * A request straight to CouchDB as the seeds make them by hand: `curl -u <admin>:<password>
   * <couchOrigin><path>`; `{ anonymous: true }` leaves out the `-u`.
   */
  curlCouch(method: string, path: string, opts?: { body?: unknown; anonymous?: boolean }): Promise<Response>;
  amqpUrl: string;
  bus: Bus;
  config: SystemConfig;
  master: { accountId: string; accountName: string; username: string; password: string };
  /** A token from PUT /v2/user_auth, exactly as a client gets one. */
  login(username: string, password: string, accountName: string): Promise<string>;
  /** The operations port's base URL (GET /metrics, /health), when started with `ops: true`. */
  opsUrl?: string;
  stop(): Promise<void>;
}

export interface TestPlatformOptions {
  /** Which services run; default all. */
  services?: string[];
  /** Environment variables set while the platform starts (and left set until stop). */
  env?: Record<string, string>;
  /** Join this vhost (left in place at stop) instead of making one of its own. */
  vhost?: TestVhost;
  /** Open the operations port (/metrics, /health) on a free port. */
  ops?: boolean;
}

export { md5Credentials } from '@tollgate/accounts';

export async function startTestPlatform(opts: TestPlatformOptions = {}): Promise<TestPlatform> {
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  const ownVhost = opts.vhost === undefined;
  const vhost = opts.vhost ?? (await createTestVhost());
  const server = await startEmbeddedCouchDB({ port: 0, host: '127.0.0.1' });
  const stateDir = mkdtempSync(join(tmpdir(), 'tollgate-test-state-'));
  const master = { accountName: `master${randomHex(3)}`, username: 'admin', password: randomHex(8) };
  try {
    const platform = await startPlatform({
      node: `tollgate-test-${randomHex(3)}@localhost`,
      couchUrl: server.url,
      amqpUrl: vhost.url,
      allowLocalBus: false,
      http: { port: 0, host: '127.0.0.1' },
      services: (opts.services ?? ['crossbar-api', 'rating', 'services-sync', 'number-manager', 'tasks']) as ServiceName[],
      master,
      heartbeat: false,
      stateDir,
      ...(opts.ops ? { ops: { port: 0 } } : {}),
    });
    const url = platform.crossbarUrl ?? '';
    const { login } = crossbarClient(url);
    const curlCouch = (method: string, path: string, o: { body?: unknown; anonymous?: boolean } = {}) =>
      fetch(`${server.origin}${path}`, {
        method,
        headers: {
          'content-type': 'application/json',
          ...(o.anonymous ? {} : { authorization: `Basic ${Buffer.from(`${server.admin.name}:${server.admin.password}`).toString('base64')}` }),
        },
        body: o.body === undefined ? undefined : JSON.stringify(o.body),
      });
    return {
      url,
      couch: platform.deps.couch,
      couchUrl: platform.couchUrl,
      couchOrigin: server.origin,
      couchAdmin: server.admin,
      curlCouch,
      amqpUrl: vhost.url,
      bus: platform.deps.bus,
      config: platform.deps.config,
      master: { ...master, accountId: platform.master?.accountId ?? '' },
      login,
      opsUrl: platform.opsUrl,
      stop: async () => {
        // The in-memory adapter keeps dbs per name for the whole process: remove every db this
        // platform's own server holds, so the next platform in this jest worker starts empty.
        await platform.stop();
        const couch = new Couch(server.url);
        for (const db of await couch.listDbs()) if (!db.startsWith('_')) await couch.destroyDb(db);
        await server.close();
        rmSync(stateDir, { recursive: true, force: true });
        if (ownVhost) await vhost.remove();
        for (const [k, v] of Object.entries(saved)) {
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
        }
      },
    };
  } catch (err) {
    await server.close();
    rmSync(stateDir, { recursive: true, force: true });
    if (ownVhost) await vhost.remove();
    throw err;
  }
}
