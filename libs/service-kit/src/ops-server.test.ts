// The operations port against the real CouchDB and broker: /health is 200 while both answer, 503
// once the AMQP connection is gone (cut by a TCP hop the test controls) or CouchDB does not
// answer, and 200 again after the bus reconnects; /metrics counts what services report.
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Couch } from '@tollgate/kazoo-db';
import { type Bus, type BusEvent, createAmqpBus } from '@tollgate/kazoo-bus';
import { amqpUrl, TestCouch } from '@tollgate/testing';
import { checkHealth } from './health';
import { Metrics } from './metrics';
import { type OpsServer, startOpsServer } from './ops-server';

/** A TCP hop to the broker that the test can cut (every connection closed, new ones refused) and mend. */
async function amqpHop(target: URL): Promise<{ url: string; cut(): void; mend(): void; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let down = false;
  const server: Server = createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    const upstream = tcpConnect(Number(target.port || 5672), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(target.toString());
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as AddressInfo).port);
  return {
    url: url.toString(),
    cut() {
      down = true;
      for (const s of sockets) s.destroy();
    },
    mend() {
      down = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

const next = (bus: Bus, event: BusEvent) =>
  new Promise<void>((resolve) => {
    const off = bus.on(event, () => {
      off();
      resolve();
    });
  });

async function get(url: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.text() };
}

let tc: TestCouch;

beforeAll(() => {
  tc = new TestCouch();
});

test('health is 200 while CouchDB and AMQP answer, 503 while the AMQP connection is down, 200 again after the reconnect', async () => {
  const hop = await amqpHop(new URL(amqpUrl()));
  const bus = createAmqpBus({ url: hop.url, appName: 'ops-test', appVersion: '0.0.1' });
  const metrics = new Metrics({ processMetrics: false });
  let ready = true;
  let ops: OpsServer | undefined;
  try {
    await bus.consume({ bindings: [{ exchange: 'targeted', routingKey: `ops-${Date.now()}` }] }, () => undefined); // connected
    ops = await startOpsServer({ port: 0, metrics, service: 'test', health: () => checkHealth({ couch: tc, bus, readiness: () => ({ test: { ready } }) }) });

    const up = await get(`${ops.url}/health`);
    expect(up.status).toBe(200);
    expect(JSON.parse(up.body)).toMatchObject({ status: 'ok', ready: true, healthy: true, dependencies: { couchdb: { reachable: true }, amqp: { reachable: true, mode: 'amqp' } } });

    const lost = next(bus, 'disconnected');
    hop.cut();
    await lost;
    const down = await get(`${ops.url}/health`);
    expect(down.status).toBe(503);
    expect(JSON.parse(down.body)).toMatchObject({ status: 'unavailable', ready: true, healthy: false, dependencies: { amqp: { reachable: false } } });

    const back = next(bus, 'connected');
    hop.mend();
    await back;
    expect((await get(`${ops.url}/health`)).status).toBe(200);

    // Not ready yet (a service still starting) is 503 as well, though every dependency answers.
    ready = false;
    const starting = await get(`${ops.url}/health`);
    expect(starting.status).toBe(503);
    expect(JSON.parse(starting.body)).toMatchObject({ ready: false, healthy: true, services: { test: { ready: false } } });
  } finally {
    await ops?.stop();
    await bus.close();
    await hop.close();
  }
});

test('health is 503 when CouchDB does not answer', async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const closedPort = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const bus = createAmqpBus({ url: amqpUrl(), appName: 'ops-test', appVersion: '0.0.1' });
  const ops = await startOpsServer({
    port: 0,
    metrics: new Metrics({ processMetrics: false }),
    service: 'test',
    health: () => checkHealth({ couch: new Couch(`http://127.0.0.1:${closedPort}`), bus, readiness: () => ({}) }),
  });
  try {
    await bus.consume({ bindings: [{ exchange: 'targeted', routingKey: `ops-${Date.now()}` }] }, () => undefined);
    const res = await get(`${ops.url}/health`);
    expect(res.status).toBe(503);
    expect(JSON.parse(res.body)).toMatchObject({ healthy: false, dependencies: { couchdb: { reachable: false }, amqp: { reachable: true } } });
  } finally {
    await ops.stop();
    await bus.close();
  }
});

test('/metrics answers the Prometheus text of the registry; other paths 404', async () => {
  const metrics = new Metrics({ processMetrics: false });
  metrics.counter('tollgate_test_things_total', 'things', ['kind']).inc({ service: 'test', kind: 'a' }, 3);
  const ops = await startOpsServer({ port: 0, metrics, service: 'test', health: async () => ({}) as never });
  try {
    const res = await fetch(`${ops.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(await res.text()).toMatch(/^tollgate_test_things_total\{service="test",kind="a"\} 3$/m);
    expect((await fetch(`${ops.url}/nope`)).status).toBe(404);
  } finally {
    await ops.stop();
  }
});
