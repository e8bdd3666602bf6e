// Reconnection against the real broker, in a vhost of its own so that closing every connection
// there disturbs no other test using the broker.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createTestVhost, type TestVhost } from '@tollgate/testing';
import { createAmqpBus } from './amqp-bus';
import { inbox } from './bus-contract';
import { docBindingKey, publishDocUpdate } from './kapi/conf';
import { RATE_REQ_ROUTING_KEY, rateReq, rateResp } from './kapi/rate';
import type { Bus, BusEvent, KazooMessage } from './types';

const run = promisify(execFile);
const rabbitmqctl = (...args: string[]) => run('rabbitmqctl', args, { timeout: 20_000 });

let vhost: TestVhost;

const next = (bus: Bus, event: BusEvent) =>
  new Promise<void>((resolve) => {
    const off = bus.on(event, () => {
      off();
      resolve();
    });
  });

beforeAll(async () => {
  vhost = await createTestVhost();
});

afterAll(async () => {
  await vhost.remove();
});

test('after the broker closes every connection, the bus reconnects and keeps its queues, consumers, RPC and unsent messages', async () => {
  const server = createAmqpBus({ url: vhost.url, appName: 'kazoo-bus-test-server', appVersion: '0.0.1' });
  const client = createAmqpBus({ url: vhost.url, appName: 'kazoo-bus-test-client', appVersion: '0.0.1' });
  try {
    // Kazoo's own names are safe here: nothing else lives in this vhost. autoDelete off keeps the
    // work queue, and what is published to it, while the rating side is away.
    await server.consume(
      { queue: 'hotornot_listener', autoDelete: false, bindings: [{ exchange: 'callmgr', routingKey: RATE_REQ_ROUTING_KEY }] },
      async (req) => {
        const resp = rateResp.build({ Rate: '100', 'Rate-Name': String(req['To-DID']) }, server.envelope());
        await server.reply(req, resp);
      },
    );
    const docs = inbox();
    await client.consume({ bindings: [{ exchange: 'configuration', routingKey: docBindingKey({ type: 'rate' }) }] }, docs.handler);
    const ask = (did: string): Promise<KazooMessage> =>
      client.rpc('callmgr', RATE_REQ_ROUTING_KEY, rateReq.build({ 'To-DID': did }, client.envelope()), { timeoutMs: 25_000 });
    const docChange = (id: string) => publishDocUpdate(client, 'edited', { Database: 'ratedeck', Type: 'rate', ID: id });

    expect((await ask('1000'))['Rate-Name']).toBe('1000');
    const serverId = client.serverId;

    // Sent from the disconnect listener, so certainly while the connection is down.
    let duringOutage: { published: Promise<void>; reply: Promise<KazooMessage> } | undefined;
    const offDown = client.on('disconnected', () => {
      duringOutage = { published: docChange('during-outage'), reply: ask('2000') };
    });
    const serverDown = next(server, 'disconnected');
    const bothBack = Promise.all([next(server, 'connected'), next(client, 'connected')]);

    await rabbitmqctl('close_all_connections', '-p', vhost.name, 'kazoo-bus reconnection test');
    await serverDown;
    await bothBack;
    offDown();
    expect(server.connected && client.connected).toBe(true);
    expect(client.serverId).toBe(serverId);

    if (!duringOutage) throw new Error('the client never reported the disconnection');
    await duringOutage.published;
    expect((await duringOutage.reply)['Rate-Name']).toBe('2000');
    expect((await ask('3000'))['Rate-Name']).toBe('3000');

    await docChange('after-reconnect');
    await docs.waitFor(2);
    expect(docs.received.map((r) => [r.msg.ID, r.msg['Event-Name'], r.delivery.routingKey])).toEqual([
      ['during-outage', 'doc_edited', 'doc_edited.ratedeck.rate.during-outage'],
      ['after-reconnect', 'doc_edited', 'doc_edited.ratedeck.rate.after-reconnect'],
    ]);
  } finally {
    await Promise.all([server.close(), client.close()]);
  }
});
