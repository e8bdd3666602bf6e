// A RabbitMQ vhost of its own for a test, so parallel test files never share queues (two
// platforms' rating services would otherwise answer each other's requests).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestVhost {
  name: string;
  url: string;
  remove(): Promise<void>;
}

export async function createTestVhost(prefix = 'tollgate-test', baseUrl = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672'): Promise<TestVhost> {
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
