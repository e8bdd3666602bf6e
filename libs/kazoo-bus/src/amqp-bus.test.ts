import { randomBytes } from 'node:crypto';
import { recordLogs } from '@tollgate/log';
import { connect } from 'amqplib';
import { createAmqpBus } from './amqp-bus';
import { inbox, runBusContract } from './bus-contract';
import { defineExchange } from './exchanges';
import type { Bus } from './types';

const url = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const makeBus = (): Bus => createAmqpBus({ url, appName: 'kazoo-bus-test', appVersion: '0.0.1' });

async function removeFromBroker(declared: { queues: string[]; exchanges: string[] }): Promise<void> {
  const conn = await connect(url);
  try {
    const ch = await conn.createChannel();
    for (const q of declared.queues) await ch.deleteQueue(q);
    for (const e of declared.exchanges) await ch.deleteExchange(e);
  } finally {
    await conn.close();
  }
}

runBusContract('amqp', makeBus, { cleanup: removeFromBroker });

describe('amqp bus specifics', () => {
  const exchange = `tollgate-test-raw-${randomBytes(4).toString('hex')}`;
  beforeAll(() => defineExchange(exchange, 'direct'));
  afterAll(() => removeFromBroker({ queues: [], exchanges: [exchange] }));

  test('a body that is not a JSON object is dropped and the queue keeps flowing', async () => {
    const bus = makeBus();
    const box = inbox();
    await bus.consume({ bindings: [{ exchange, routingKey: 'raw' }] }, box.handler);
    const conn = await connect(url);
    const ch = await conn.createChannel();
    ch.publish(exchange, 'raw', Buffer.from('this is not json'), { contentType: 'application/json' });
    ch.publish(exchange, 'raw', Buffer.from('[1,2,3]'), { contentType: 'application/json' });
    ch.publish(exchange, 'raw', Buffer.from(JSON.stringify({ 'Event-Category': 'test', Good: true })));
    await box.waitFor(1);
    expect(box.received.map((r) => r.msg)).toEqual([{ 'Event-Category': 'test', Good: true }]);
    await conn.close();
    await bus.close();
  });

  test('messages published before the first connection are buffered and sent', async () => {
    const bus = makeBus();
    const box = inbox();
    const published = bus.publish(exchange, 'early', { 'Event-Category': 'test', Early: true });
    expect(bus.connected).toBe(false);
    await published;
    // The consumer is set up before the buffer is flushed on connect, so it sees the message.
    await bus.consume({ bindings: [{ exchange, routingKey: 'early' }] }, box.handler);
    await box.waitFor(1);
    expect(box.received[0].msg.Early).toBe(true);
    await bus.close();
  });

  test('a message published just before close() still goes out (a one-shot verb publishing a document event)', async () => {
    const fresh = `tollgate-test-close-${randomBytes(4).toString('hex')}`;
    defineExchange(fresh, 'topic');
    const listener = makeBus();
    const box = inbox();
    await listener.consume({ bindings: [{ exchange: fresh, routingKey: '#' }] }, box.handler);
    const verb = makeBus();
    await verb.consume({ bindings: [{ exchange: 'targeted', routingKey: `warm-${randomBytes(4).toString('hex')}` }] }, () => undefined); // connected
    // The first publish to an exchange waits for its declaration on this connection.
    await verb.publish(fresh, 'doc_edited.x', { 'Event-Category': 'configuration', Last: true });
    await verb.close();
    await box.waitFor(1);
    expect(box.received[0].msg.Last).toBe(true);
    await listener.close();
    await removeFromBroker({ queues: [], exchanges: [fresh] });
  });
});

describe('amqp bus without a broker', () => {
  test('buffers up to its limit, then publish rejects; it never throws out of the reconnect loop', async () => {
    const logs = recordLogs();
    try {
      const bus = createAmqpBus({
        url: 'amqp://guest:guest@127.0.0.1:1',
        appName: 'kazoo-bus-test',
        appVersion: '0.0.1',
        maxBuffered: 3,
        minReconnectDelayMs: 10,
        maxReconnectDelayMs: 20,
      });
      const pending = bus.rpc('callmgr', 'rate.req', { 'To-DID': '1' }, { timeoutMs: 60_000 });
      await bus.publish('callmgr', 'rate.req', { N: 2 });
      await bus.publish('callmgr', 'rate.req', { N: 3 });
      await expect(bus.publish('callmgr', 'rate.req', { N: 4 })).rejects.toMatchObject({ kind: 'buffer_full' });
      // A few reconnection attempts have failed.
      while (logs.entries.filter((e) => e.message.includes('127.0.0.1:1') && e.message.includes('unavailable; reconnecting')).length < 3) {
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(bus.connected).toBe(false);
      const rejected = expect(pending).rejects.toMatchObject({ kind: 'closed' });
      await bus.close();
      await rejected;
    } finally {
      logs.stop();
    }
  });
});
