// One CouchDB API and one RabbitMQ vhost for the whole jest run, so the suite shares nothing with
// a platform running beside it (`npm start` on the same broker and machine):
// - CouchDB: the embedded in-memory server, unless COUCHDB_URL points at a real CouchDB. Workers
//   inherit COUCHDB_URL (with the server's generated admin in it, so every client authenticates as
//   on CouchDB 3); each test still makes and removes its own dbs.
// - RabbitMQ: a vhost of the run's own on the local broker (made here, deleted by the teardown),
//   unless AMQP_URL is given. Tests that make vhosts of their own put them on the same broker.
// Where a Docker engine answers, an Apache CouchDB 3 container is started as well and the storage
// tests run against both (TOLLGATE_COUCHDB3_URL); without Docker they say why they skip it.
import { startEmbeddedCouchDB } from '@tollgate/embedded-couchdb';
import { createTestVhost } from '@tollgate/testing';

type Closer = { close(): Promise<void> };
const g = globalThis as { __tollgateClosers?: Closer[] };

async function startCouchDB3(): Promise<Closer | undefined> {
  const { getContainerRuntimeClient } = await import('testcontainers');
  const reason = await getContainerRuntimeClient().then(
    () => undefined,
    (err: Error) => err.message,
  );
  if (reason) {
    process.stdout.write(`\nCouchDB 3 storage tests skipped: no Docker engine (${reason}); they run against the embedded server only.\n`);
    return undefined;
  }
  const { CouchDBContainer } = await import('@testcontainers/couchdb');
  const container = await new CouchDBContainer('couchdb:3.4').start();
  process.env.TOLLGATE_COUCHDB3_URL = container.getUrl();
  return { close: async () => void (await container.stop()) };
}

async function startRunVhost(): Promise<Closer | undefined> {
  if (process.env.AMQP_URL) return undefined;
  const vhost = await createTestVhost('tollgate-jest').catch((err: Error) => {
    throw new Error(`cannot make the test run's RabbitMQ vhost with rabbitmqctl (${err.message}); set AMQP_URL to a broker vhost the tests may use`);
  });
  process.env.AMQP_URL = vhost.url;
  return { close: () => vhost.remove() };
}

export default async function globalSetup(): Promise<void> {
  process.env.NODE_ENV = 'test';
  // Processes the tests start (`tollgate up`, `tollgate start <service>`) take a free metrics port,
  // not 9464: several run at once, and a platform may run beside the suite.
  process.env.TOLLGATE_METRICS_PORT ??= '0';
  g.__tollgateClosers = [];
  const vhost = await startRunVhost();
  if (vhost) g.__tollgateClosers.push(vhost);
  if (!process.env.COUCHDB_URL) {
    const server = await startEmbeddedCouchDB({ port: 0 });
    g.__tollgateClosers.push(server);
    process.env.COUCHDB_URL = server.url;
  }
  const couch3 = await startCouchDB3();
  if (couch3) g.__tollgateClosers.push(couch3);
}
