// Several writers' docs for the same databases gathered into one `_bulk_docs` per database: each
// module adds the docs it owns (and says how to make their db if missing), the host flushes once,
// and each `add` resolves with the results of its own docs, in order. Writes go through DocWriter,
// so they are announced as any other write.
import type { BulkResult, Doc } from '@tollgate/kazoo-db';
import type { DocWriter } from './doc-writer';

interface Part {
  docs: Doc[];
  resolve: (results: BulkResult[]) => void;
  reject: (err: unknown) => void;
}

interface DbWrite {
  parts: Part[];
  ensure?: () => Promise<void>;
}

export class DocBatch {
  private readonly dbs = new Map<string, DbWrite>();

  constructor(private readonly writer: DocWriter) {}

  /** Queues docs for `db`; resolves with their results once flushed. `ensure` makes the db when it may be missing. */
  add(db: string, docs: Doc[], ensure?: () => Promise<void>): Promise<BulkResult[]> {
    let write = this.dbs.get(db);
    if (!write) {
      write = { parts: [], ensure };
      this.dbs.set(db, write);
    }
    const parts = write.parts;
    return new Promise<BulkResult[]>((resolve, reject) => parts.push({ docs, resolve, reject }));
  }

  /** One `_bulk_docs` per db (dbs in parallel); a db's failure rejects the adds of that db. */
  async flush(): Promise<void> {
    const writes = [...this.dbs];
    this.dbs.clear();
    await Promise.all(writes.map(([db, write]) => this.flushDb(db, write)));
  }

  private async flushDb(db: string, write: DbWrite): Promise<void> {
    try {
      await write.ensure?.();
      const all = write.parts.flatMap((p) => p.docs);
      const results = await this.writer.bulk(db, all, { batchSize: Math.max(1, all.length) });
      let at = 0;
      for (const part of write.parts) {
        part.resolve(results.slice(at, at + part.docs.length));
        at += part.docs.length;
      }
    } catch (err) {
      for (const part of write.parts) part.reject(err);
    }
  }
}
