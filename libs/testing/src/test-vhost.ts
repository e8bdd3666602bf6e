// A RabbitMQ vhost of its own for a test (or for the whole jest run), so parallel test files never
// share queues (two platforms' rating services would otherwise answer each other's requests) and
// the suite never shares them with a platform running on the same broker.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { amqpUrl } from './test-urls';

const run = promisify(execFile);

export interface TestVhost {
  name: string;
  url: string;
  remove(): Promise<void>;
}

/** A new vhost on the broker of `baseUrl` (its path replaced), with the guest user allowed in. */
export async function createTestVhost(prefix = 'tollgate-test', baseUrl = amqpUrl()): Promise<TestVhost> {
  const name = `${prefix}-${randomBytes(4).toString('hex')}`;
  await run('rabbitmqctl', ['add_vhost', name], { timeout: 20_000 });
  await run('rabbitmqctl', ['set_permissions', '-p', name, 'guest', '.*', '.*', '.*'], { timeout: 20_000 });
  const u = new URL(baseUrl);
  u.pathname = `/${encodeURIComponent(name)}`;
  return {
    name,
    url: u.toString(),
    remove: async () => {
      await run('rabbitmqctl', ['delete_vhost', name], { timeout: 20_000 }).catch(() => undefined);
    },
  };
}
