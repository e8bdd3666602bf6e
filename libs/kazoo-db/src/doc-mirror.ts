// An in-memory copy of what a reader needs from a global db (`services`, `accounts`): read once
// through `_all_docs`, then kept current from `_changes`. It keeps answering, from what it last
// saw, while CouchDB is down, and catches up when it is back. The owner of the db exports one
// for its readers, with the projection they need.
import { createLogger } from '@tollgate/log';
import { ChangesFollower, type Seq } from './changes-follower';
import type { Couch } from './couch';

const log = createLogger('doc-mirror');

export interface DocMirrorOptions<T> {
  couch: Couch;
  db: string;
  /** What to keep of a doc; undefined keeps nothing for it. */
  project: (doc: Record<string, unknown>) => T | undefined;
  pageSize?: number;
}

export class DocMirror<T> {
  private readonly entries = new Map<string, T>();
  private follower: ChangesFollower | undefined;

  constructor(private readonly opts: DocMirrorOptions<T>) {}

  get(id: string): T | undefined {
    return this.entries.get(id);
  }

  get size(): number {
    return this.entries.size;
  }

  private apply(id: string, doc: Record<string, unknown> | undefined): void {
    const kept = doc === undefined ? undefined : this.opts.project(doc);
    if (kept === undefined) this.entries.delete(id);
    else this.entries.set(id, kept);
  }

  /** Reads the whole db, then follows it; a db that does not exist yet is followed from its creation. */
  async start(): Promise<void> {
    const { couch, db } = this.opts;
    let since: Seq = 0;
    if (await couch.dbExists(db)) {
      since = (await couch.info(db)).update_seq;
      for await (const page of couch.docPages(db, { pageSize: this.opts.pageSize ?? 2000 })) {
        for (const doc of page) this.apply(String(doc._id), doc);
      }
    } else {
      log.info(`${db} does not exist yet; following it from its creation`);
    }
    this.follower = new ChangesFollower({
      couchUrl: couch.url,
      db,
      since,
      includeDocs: true,
      limit: 1000,
      onChanges: (changes) => {
        for (const c of changes) {
          if (c.id.startsWith('_design/')) continue;
          this.apply(c.id, c.deleted ? undefined : c.doc);
        }
      },
    }).start();
  }

  async stop(): Promise<void> {
    await this.follower?.stop();
    this.follower = undefined;
  }
}
