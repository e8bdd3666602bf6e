// One CouchDB API for the whole jest run: the embedded in-memory server, unless COUCHDB_URL points
// at a real CouchDB. Workers inherit COUCHDB_URL (with the server's generated admin in it, so every
// client authenticates as on CouchDB 3); each test still makes and removes its own dbs.
// Where a Docker engine answers, an Apache CouchDB 3 container is started as well and the storage
// tests run against both (TOLLGATE_COUCHDB3_URL); without Docker they say why they skip it.
import { startEmbeddedCouchDB } from '@tollgate/embedded-couchdb';

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

export default async function globalSetup(): Promise<void> {
  process.env.NODE_ENV = 'test';
  process.env.AMQP_URL ??= 'amqp://guest:guest@127.0.0.1:5672';
  g.__tollgateClosers = [];
  if (!process.env.COUCHDB_URL) {
    const server = await startEmbeddedCouchDB({ port: 0 });
    g.__tollgateClosers.push(server);
    process.env.COUCHDB_URL = server.url;
  }
  const couch3 = await startCouchDB3();
  if (couch3) g.__tollgateClosers.push(couch3);
}
