// Starts one in-memory embedded CouchDB for the whole jest run, unless COUCHDB_URL points at a
// real CouchDB. Workers inherit COUCHDB_URL; each test still makes and removes its own dbs.
import { startEmbeddedCouchDB } from '@tollgate/embedded-couchdb';

export default async function globalSetup(): Promise<void> {
  process.env.NODE_ENV = 'test';
  process.env.AMQP_URL ??= 'amqp://guest:guest@127.0.0.1:5672';
  if (process.env.COUCHDB_URL) return;
  const server = await startEmbeddedCouchDB({ port: 0 });
  (globalThis as { __tollgateCouch?: typeof server }).__tollgateCouch = server;
  process.env.COUCHDB_URL = server.url;
}
