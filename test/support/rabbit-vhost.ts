// A RabbitMQ vhost of its own per test platform, so parallel test files never share queues
// (two platforms' rating services would otherwise answer each other's requests).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { randomHex } from '@tollgate/testing';

const run = promisify(execFile);

export interface TestVhost {
  name: string;
  url: string;
  remove(): Promise<void>;
}

export async function createVhost(baseUrl = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672'): Promise<TestVhost> {
  const name = `tollgate-test-${randomHex(4)}`;
  await run('rabbitmqctl', ['add_vhost', name]);
  await run('rabbitmqctl', ['set_permissions', '-p', name, 'guest', '.*', '.*', '.*']);
  const u = new URL(baseUrl);
  u.pathname = `/${encodeURIComponent(name)}`;
  return {
    name,
    url: u.toString(),
    remove: async () => {
      await run('rabbitmqctl', ['delete_vhost', name]).catch(() => undefined);
    },
  };
}
