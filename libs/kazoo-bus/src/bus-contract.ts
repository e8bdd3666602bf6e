// The behaviour both Bus implementations must share, as a jest suite run against each of them.
import { recordLogs } from '@tollgate/log';
import { randomBytes } from 'node:crypto';
import { isBusError } from './bus-error';
import { defineExchange } from './exchanges';
import { rateResp } from './kapi/rate';
import type { Bus, Delivery, KazooMessage } from './types';

export interface Received {
  msg: KazooMessage;
  delivery: Delivery;
}

/** A handler that records what it gets, and a way to wait until it got enough. */
export function inbox(onMessage?: (msg: KazooMessage) => unknown) {
  const received: Received[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  return {
    received,
    handler(msg: KazooMessage, delivery: Delivery): unknown {
      received.push({ msg, delivery });
      for (const w of waiters.filter((x) => received.length >= x.count)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
      return onMessage?.(msg);
    },
    waitFor(count: number): Promise<void> {
      if (received.length >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
  };
}

export interface ContractHooks {
  /** Removes the broker-side queues and exchanges a test declared (nothing to do in process). */
  cleanup?(declared: { queues: string[]; exchanges: string[] }): Promise<void>;
}

export function runBusContract(name: string, makeBus: () => Bus, hooks: ContractHooks = {}): void {
  describe(`Bus contract: ${name}`, () => {
    const suffix = randomBytes(4).toString('hex');
    const topic = `tollgate-test-topic-${suffix}`;
    const direct = `tollgate-test-direct-${suffix}`;
    const sharedQueue = `tollgate-test-work-${suffix}`;
    let buses: Bus[] = [];

    beforeAll(() => {
      defineExchange(topic, 'topic');
      defineExchange(direct, 'direct');
    });

    afterEach(async () => {
      await Promise.all(buses.map((b) => b.close()));
      buses = [];
    });

    afterAll(async () => {
      await hooks.cleanup?.({ queues: [sharedQueue], exchanges: [topic, direct] });
    });

    function bus(): Bus {
      const b = makeBus();
      buses.push(b);
      return b;
    }

    const msg = (fields: KazooMessage): KazooMessage => ({ 'Event-Category': 'test', 'Event-Name': 'event', ...fields });

    test('envelope names the bus and its Server-ID', () => {
      const b = bus();
      expect(b.envelope()).toEqual({
        'App-Name': 'kazoo-bus-test',
        'App-Version': '0.0.1',
        Node: expect.any(String),
        'Server-ID': b.serverId,
      });
      expect(b.serverId).not.toBe('');
    });

    test('topic bindings with * and # select what reaches a private queue', async () => {
      const b = bus();
      const box = inbox();
      const consumer = await b.consume(
        {
          bindings: [
            { exchange: topic, routingKey: 'rate.*' },
            { exchange: topic, routingKey: 'doc.#' },
          ],
        },
        box.handler,
      );
      expect(consumer.queue).not.toBe('');
      for (const key of ['rate.req', 'rate.resp.broadcast', 'doc.a.b', 'other', 'doc', 'rate.end']) {
        await b.publish(topic, key, msg({ Key: key }));
      }
      await box.waitFor(4);
      expect(box.received.map((r) => r.msg.Key)).toEqual(['rate.req', 'doc.a.b', 'doc', 'rate.end']);
      expect(box.received[0].delivery).toEqual({ exchange: topic, routingKey: 'rate.req', redelivered: false });
      await consumer.cancel();
    });

    test('direct bindings match the routing key exactly', async () => {
      const b = bus();
      const box = inbox();
      await b.consume({ bindings: [{ exchange: direct, routingKey: 'alpha' }] }, box.handler);
      await b.publish(direct, 'beta', msg({ N: 1 }));
      await b.publish(direct, 'alpha.x', msg({ N: 2 }));
      await b.publish(direct, 'alpha', msg({ N: 3 }));
      await box.waitFor(1);
      expect(box.received.map((r) => r.msg.N)).toEqual([3]);
    });

    test('competing consumers on a shared queue each take a share, every message exactly once', async () => {
      const a = bus();
      const b = bus();
      // Holding each message for a turn of the event loop makes prefetch 1 alternate the consumers.
      const hold = () => new Promise<void>((resolve) => setImmediate(resolve));
      const all = inbox();
      const boxA = inbox(hold);
      const boxB = inbox(hold);
      const spec = { queue: sharedQueue, prefetch: 1, bindings: [{ exchange: direct, routingKey: 'work' }] };
      const ca = await a.consume(spec, (m, d) => {
        all.handler(m, d);
        return boxA.handler(m, d);
      });
      const cb = await b.consume(spec, (m, d) => {
        all.handler(m, d);
        return boxB.handler(m, d);
      });
      expect(ca.queue).toBe(sharedQueue);
      const publisher = bus();
      for (let i = 0; i < 20; i++) await publisher.publish(direct, 'work', msg({ Seq: i }));
      await all.waitFor(20);
      const seqs = all.received.map((r) => r.msg.Seq);
      expect(new Set(seqs).size).toBe(20);
      expect([...seqs].sort((x, y) => Number(x) - Number(y))).toEqual([...Array(20).keys()]);
      expect(boxA.received.length).toBeGreaterThan(0);
      expect(boxB.received.length).toBeGreaterThan(0);
      await ca.cancel();
      await cb.cancel();
    });

    test('rpc round trip between two buses, many in flight, reply echoes Msg-ID and Call-ID', async () => {
      const server = bus();
      const client = bus();
      await server.consume({ bindings: [{ exchange: direct, routingKey: 'ping' }] }, async (req) => {
        const resp = rateResp.build({ Rate: String(req.Seq), 'Rate-Name': 'pong' }, server.envelope());
        await server.reply(req, resp);
      });
      const one = await client.rpc(direct, 'ping', msg({ Seq: 7, 'Msg-ID': 'fixed-msg-id', 'Call-ID': 'call-1' }), {
        timeoutMs: 10_000,
      });
      expect(one).toMatchObject({
        'Msg-ID': 'fixed-msg-id',
        'Call-ID': 'call-1',
        Rate: '7',
        'Event-Category': 'rate',
        'Event-Name': 'resp',
        'Server-ID': server.serverId,
      });
      const replies = await Promise.all(
        [...Array(50).keys()].map((i) => client.rpc(direct, 'ping', msg({ Seq: i }), { timeoutMs: 10_000 })),
      );
      expect(replies.map((r) => r.Rate)).toEqual([...Array(50).keys()].map(String));
      expect(new Set(replies.map((r) => r['Msg-ID'])).size).toBe(50);
    });

    test('rpc waits past replies its accept refuses', async () => {
      const server = bus();
      const client = bus();
      await server.consume({ bindings: [{ exchange: direct, routingKey: 'twice' }] }, async (req) => {
        await server.reply(req, msg({ Final: false }));
        await server.reply(req, msg({ Final: true }));
      });
      const reply = await client.rpc(direct, 'twice', msg({}), { timeoutMs: 10_000, accept: (r) => r.Final === true });
      expect(reply.Final).toBe(true);
    });

    test('rpc without an answer rejects with a timeout error', async () => {
      const client = bus();
      const err = await client.rpc(direct, `nobody-${suffix}`, msg({}), { timeoutMs: 300 }).catch((e: unknown) => e);
      expect(isBusError(err, 'timeout')).toBe(true);
    });

    test('a throwing or rejecting handler does not stop later deliveries, and each failure is logged', async () => {
      const logs = recordLogs();
      const b = bus();
      const box = inbox((m) => {
        if (m.N === 1) throw new Error('handler bug (expected in this test)');
        if (m.N === 2) return Promise.reject(new Error('async handler bug (expected in this test)'));
        return undefined;
      });
      await b.consume({ prefetch: 1, bindings: [{ exchange: direct, routingKey: 'fragile' }] }, box.handler);
      for (const n of [1, 2, 3]) await b.publish(direct, 'fragile', msg({ N: n }));
      try {
        await box.waitFor(3);
      } finally {
        logs.stop();
      }
      expect(box.received.map((r) => r.msg.N)).toEqual([1, 2, 3]);
      expect(box.received.every((r) => r.delivery.redelivered === false)).toBe(true);
      const dropped = logs.entries.filter((e) => e.message === 'message handler failed; message dropped' && e.routingKey === 'fragile');
      expect(dropped.map((e) => [e.level, String(e.error).split('\n')[0]])).toEqual([
        ['error', 'Error: handler bug (expected in this test)'],
        ['error', 'Error: async handler bug (expected in this test)'],
      ]);
    });

    test('reply needs a Server-ID; unknown exchanges and closed buses are refused', async () => {
      const b = bus();
      await expect(b.reply(msg({ 'Msg-ID': 'x' }), msg({}))).rejects.toMatchObject({ kind: 'invalid_message' });
      await expect(b.publish(`undefined-exchange-${suffix}`, 'k', msg({}))).rejects.toMatchObject({
        kind: 'unknown_exchange',
      });
      await b.close();
      expect(b.connected).toBe(false);
      await expect(b.publish(direct, 'k', msg({}))).rejects.toMatchObject({ kind: 'closed' });
      await expect(b.rpc(direct, 'k', msg({}), { timeoutMs: 1000 })).rejects.toMatchObject({ kind: 'closed' });
    });
  });
}
