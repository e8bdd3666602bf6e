// Helpers for tests that talk to the real CouchDB and RabbitMQ: unique names, and cleanup of
// everything a test made.
import { randomBytes } from 'node:crypto';
import { Couch } from '@tollgate/kazoo-db';

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** A db or queue name nobody else uses: `<prefix>-<8 hex>` (lower case, legal for CouchDB). */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomHex(4)}`;
}

export function couchUrl(): string {
  const url = process.env.COUCHDB_URL;
  if (!url) throw new Error('COUCHDB_URL is not set (the jest global setup starts an embedded CouchDB)');
  return url;
}

export function amqpUrl(): string {
  return process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
}

/** A Couch client that remembers the dbs a test creates and destroys them in cleanup(). */
export class TestCouch extends Couch {
  private readonly made = new Set<string>();

  constructor(url = couchUrl()) {
    super(url);
  }

  /** Creates a fresh db with a unique name and tracks it. */
  async freshDb(prefix: string): Promise<string> {
    const name = uniqueName(prefix);
    await this.ensureDb(name);
    this.made.add(name);
    return name;
  }

  /** Tracks a db made by the code under test so cleanup() removes it. */
  track(...names: string[]): void {
    for (const n of names) this.made.add(n);
  }

  async cleanup(): Promise<void> {
    for (const name of this.made) await this.destroyDb(name);
    this.made.clear();
  }
}

/** Parsed JSON a test pokes into freely; assertions, not types, check its shape. */
// biome-ignore lint/suspicious/noExplicitAny: test-only escape hatch for response bodies
export type Loose = any;

export async function jsonOf(res: Response): Promise<Loose> {
  return res.json();
}
