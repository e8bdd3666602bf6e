import Nano from 'nano';
import { isConflict, isNotFound } from './couch-errors';
import type { Doc } from './pvt';

export interface BulkResult {
  id: string;
  ok: boolean;
  rev?: string;
  error?: string;
  reason?: string;
}

export interface BulkOptions {
  batchSize?: number;
  /** Called after each batch with the number of docs written so far. */
  onBatch?: (done: number) => void | Promise<void>;
}

/** A CouchDB server (Apache CouchDB 3 or the embedded one) with the few calls Kazoo code needs. */
export class Couch {
  readonly url: string;
  readonly nano: Nano.ServerScope;

  constructor(url: string) {
    this.url = url.replace(/\/+$/, '');
    this.nano = Nano({ url: this.url });
  }

  db<T extends Doc = Doc>(name: string): Nano.DocumentScope<T> {
    return this.nano.use<T>(name);
  }

  async dbExists(name: string): Promise<boolean> {
    try {
      await this.nano.db.get(name);
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  /** Creates the db if it is missing; true when this call created it. */
  async ensureDb(name: string): Promise<boolean> {
    try {
      await this.nano.db.create(name);
      return true;
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 412) return false;
      throw err;
    }
  }

  async destroyDb(name: string): Promise<void> {
    try {
      await this.nano.db.destroy(name);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  /** The doc, or undefined when it (or its db) does not exist or is deleted. */
  async get<T extends Doc = Doc>(db: string, id: string): Promise<T | undefined> {
    try {
      return (await this.db<T>(db).get(id)) as T;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** Saves a doc (with `_rev` for an update) and returns it with its new `_rev`. */
  async put<T extends Doc>(db: string, doc: T): Promise<T & { _id: string; _rev: string }> {
    const res = await this.db(db).insert(doc as Doc);
    return { ...doc, _id: res.id, _rev: res.rev };
  }

  /**
   * Read-modify-write that retries on conflict: `update` gets the current doc (undefined when
   * missing) and returns the new one, or undefined to leave it as is.
   */
  async update<T extends Doc>(
    db: string,
    id: string,
    update: (current: T | undefined) => T | undefined | Promise<T | undefined>,
    attempts = 10,
  ): Promise<T | undefined> {
    for (let i = 0; ; i++) {
      const current = await this.get<T>(db, id);
      const next = await update(current);
      if (!next) return current;
      try {
        const toSave = { ...next, _id: id } as T;
        if (current?._rev) toSave._rev = current._rev;
        else delete toSave._rev;
        return await this.put(db, toSave);
      } catch (err) {
        if (!isConflict(err) || i + 1 >= attempts) throw err;
      }
    }
  }

  /** Writes docs with _bulk_docs in batches; one result per doc, in the input order. */
  async bulk(db: string, docs: Doc[], opts: BulkOptions = {}): Promise<BulkResult[]> {
    const size = opts.batchSize ?? 1000;
    const results: BulkResult[] = [];
    for (let i = 0; i < docs.length; i += size) {
      const batch = docs.slice(i, i + size);
      const res = await this.db(db).bulk({ docs: batch });
      for (let j = 0; j < batch.length; j++) {
        const r = res[j] as { id?: string; rev?: string; ok?: boolean; error?: string; reason?: string };
        const id = r?.id ?? String(batch[j]._id ?? '');
        results.push(r?.error ? { id, ok: false, error: r.error, reason: r.reason } : { id, ok: true, rev: r?.rev });
      }
      await opts.onBatch?.(Math.min(i + size, docs.length));
    }
    return results;
  }

  /**
   * One page of a db's docs in id order through `_all_docs` (no view, so it works on decks of a
   * million rates), design docs left out; `next` is where the following page starts, absent at the end.
   */
  async docPage<T extends Doc = Doc>(db: string, opts: { pageSize: number; from?: string }): Promise<{ docs: T[]; next?: string }> {
    const res = await this.db(db).list({ include_docs: true, limit: opts.pageSize + 1, ...(opts.from !== undefined ? { startkey: opts.from } : {}) });
    const rows = res.rows as { id: string; doc?: unknown }[];
    const docs = rows
      .slice(0, opts.pageSize)
      .filter((r) => !r.id.startsWith('_design/') && r.doc)
      .map((r) => r.doc as T);
    return rows.length > opts.pageSize ? { docs, next: rows[opts.pageSize].id } : { docs };
  }

  /** Every doc of a db, a page at a time (see docPage); only one page is held in memory. */
  async *docPages<T extends Doc = Doc>(db: string, opts: { pageSize: number; from?: string }): AsyncGenerator<T[]> {
    let from = opts.from;
    for (;;) {
      const page = await this.docPage<T>(db, { pageSize: opts.pageSize, from });
      if (page.docs.length > 0) yield page.docs;
      if (page.next === undefined) return;
      from = page.next;
    }
  }

  /** Database names between two keys (both inclusive), e.g. all ratedecks. */
  async listDbs(prefix?: string): Promise<string[]> {
    const all = await this.nano.db.list();
    return prefix === undefined ? all : all.filter((n) => n === prefix || n.startsWith(prefix));
  }
}
