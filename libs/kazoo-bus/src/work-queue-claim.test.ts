// Two platforms (two databases) on one vhost: the second may not consume the first one's work
// queues; instances of the same platform share them as before.
import { createTestVhost, type TestVhost } from '@tollgate/testing';
import { createAmqpBus } from './amqp-bus';
import { isBusError } from './bus-error';
import type { Bus } from './types';

let vhost: TestVhost;
const buses: Bus[] = [];

const platformA = { id: 'platform-a', database: 'http://127.0.0.1:15984' };
const platformB = { id: 'platform-b', database: 'http://127.0.0.1:25984' };

function bus(platform: typeof platformA, node: string): Bus {
  const b = createAmqpBus({ url: vhost.url, appName: 'claim-test', appVersion: '0.0.1', node, platform });
  buses.push(b);
  return b;
}

const work = { queue: 'tasks_listener', bindings: [{ exchange: 'tasks', routingKey: 'tasks.lookup' }] };

beforeAll(async () => {
  vhost = await createTestVhost();
});

afterAll(async () => {
  for (const b of buses) await b.close();
  await vhost.remove();
});

test('a second platform on the same vhost is refused its work queues, with the way out in one line', async () => {
  await bus(platformA, 'a1@host').consume(work, () => undefined);
  // Another instance of the same platform shares the queue.
  await bus(platformA, 'a2@host').consume(work, () => undefined);

  const err = await bus(platformB, 'b1@other').consume(work, () => undefined).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isBusError(err, 'foreign_platform')).toBe(true);
  const message = (err as Error).message;
  expect(message.split('\n')).toHaveLength(1);
  expect(message).toContain('queue tasks_listener is consumed by another Tollgate platform');
  expect(message).toMatch(/node a[12]@host, database http:\/\/127\.0\.0\.1:15984/);
  expect(message).toContain('AMQP_URL=amqp://guest:***@127.0.0.1:5672/tollgate-<name>');

  // Private queues and other platforms' own queue names are not affected.
  await bus(platformB, 'b2@other').consume({ bindings: work.bindings }, () => undefined);
});
