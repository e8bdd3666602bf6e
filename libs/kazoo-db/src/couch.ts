import Nano from 'nano';
import { isConflict, isDbMissing, isNotFound } from './couch-errors';
import { couchEndpoint } from './http';
import type { Doc } from './pvt';

/** One row of a view or of `_all_docs`. */
export interface ViewRow<K = unknown, V = unknown, D extends Doc = Doc> {
  id: string;
  key: K;
  value: V;
  doc?: D;
}

/** Query parameters of a view or `_all_docs` (CouchDB's names). */
export interface ViewParams {
  key?: unknown;
  keys?: unknown[];
  startkey?: unknown;
  endkey?: unknown;
  limit?: number;
  skip?: number;
  descending?: boolean;
  group?: boolean;
  group_level?: number;
  reduce?: boolean;
  include_docs?: boolean;
  inclusive_end?: boolean;
}

/** What `GET /{db}` tells of a database (the fields Tollgate reads). */
export interface DbInfo {
  /** Opaque: an integer on the embedded server, a string on CouchDB 3. */
  update_seq: string | number;
  doc_count: number;
}

/** A live doc's current revision, or that it was deleted. */
export interface DocRevision {
  rev: string;
  deleted: boolean;
}

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

/**
 * A CouchDB server (Apache CouchDB 3 or the embedded one) with the calls Kazoo code needs. The
 * only way Tollgate code talks to CouchDB: nano and raw HTTP stay inside this package.
 */
export class Couch {
  readonly url: string;
  private readonly nano: Nano.ServerScope;

  constructor(url: string) {
    this.url = url.replace(/\/+$/, '');
    this.nano = Nano({ url: this.url });
  }

  private db<T extends Doc = Doc>(name: string): Nano.DocumentScope<T> {
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

  /** `GET /{db}`: its update_seq and doc count. */
  async info(db: string): Promise<DbInfo> {
    return (await this.nano.db.get(db)) as unknown as DbInfo;
  }

  /** The rows of a view (design doc name without `_design/`). */
  async view<V = unknown, K = unknown, D extends Doc = Doc>(db: string, design: string, name: string, params: ViewParams = {}): Promise<ViewRow<K, V, D>[]> {
    const res = await this.db(db).view(design, name, params as Nano.DocumentViewParams);
    return res.rows as unknown as ViewRow<K, V, D>[];
  }

  /** The rows of a view, none when the db or the view does not exist (yet). */
  async viewOrEmpty<V = unknown, K = unknown, D extends Doc = Doc>(db: string, design: string, name: string, params: ViewParams = {}): Promise<ViewRow<K, V, D>[]> {
    try {
      return await this.view<V, K, D>(db, design, name, params);
    } catch (err) {
      if (isNotFound(err)) return [];
      throw err;
    }
  }

  /** The docs a view's rows point at (`include_docs`), in row order. */
  async viewDocs<D extends Doc = Doc>(db: string, design: string, name: string, params: ViewParams = {}): Promise<D[]> {
    const rows = await this.view<unknown, unknown, D>(db, design, name, { ...params, include_docs: true });
    return rows.map((r) => r.doc).filter((d): d is D => !!d);
  }

  /** Rows of `_all_docs` (ids in order); with `include_docs` each row has its doc. */
  async allDocs<D extends Doc = Doc>(db: string, params: ViewParams = {}): Promise<ViewRow<string, { rev: string; deleted?: boolean }, D>[]> {
    const res = await this.db(db).list(params as Nano.DocumentListParams);
    return res.rows as unknown as ViewRow<string, { rev: string; deleted?: boolean }, D>[];
  }

  /** The live docs among `ids`, by id (missing and deleted ones left out). */
  async getMany<T extends Doc = Doc>(db: string, ids: readonly string[]): Promise<Map<string, T>> {
    const out = new Map<string, T>();
    const keys = [...new Set(ids)];
    if (keys.length === 0) return out;
    const res = await this.db(db).fetch({ keys });
    for (const row of res.rows as { key?: string; doc?: T | null }[]) if (row.doc && row.key !== undefined) out.set(row.key, row.doc);
    return out;
  }

  /** The current revision of each id that has one (deleted ones flagged); ids never written are left out. */
  async revisions(db: string, ids: readonly string[]): Promise<Map<string, DocRevision>> {
    const out = new Map<string, DocRevision>();
    if (ids.length === 0) return out;
    const rows = await this.allDocs(db, { keys: [...ids] });
    for (const row of rows as (ViewRow<string, { rev: string; deleted?: boolean }> & { error?: string })[]) {
      if (row.error || !row.value) continue;
      out.set(row.key, { rev: row.value.rev, deleted: row.value.deleted === true });
    }
    return out;
  }

  /** Mango `_find`: the docs matching `selector` (up to `limit`). */
  async find<T extends Doc = Doc>(db: string, selector: Record<string, unknown>, opts: { limit?: number } = {}): Promise<T[]> {
    const res = await this.db(db).find({ selector: selector as Nano.MangoSelector, limit: opts.limit ?? 100_000 });
    return res.docs as unknown as T[];
  }

  /** Like find, but no docs when the db does not exist. */
  async findOrEmpty<T extends Doc = Doc>(db: string, selector: Record<string, unknown>, opts: { limit?: number } = {}): Promise<T[]> {
    try {
      return await this.find<T>(db, selector, opts);
    } catch (err) {
      if (isDbMissing(err)) return [];
      throw err;
    }
  }

  /** True when the doc exists (HEAD). */
  async exists(db: string, id: string): Promise<boolean> {
    try {
      await this.db(db).head(id);
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  /** Deletes one revision of a doc; false when it was already gone. A conflict is thrown. */
  async remove(db: string, id: string, rev: string): Promise<boolean> {
    try {
      await this.db(db).destroy(id, rev);
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  /** Deletes a doc whatever its revision (retrying conflicts); the doc as it was, undefined when there was none. */
  async removeCurrent<T extends Doc = Doc>(db: string, id: string, attempts = 10): Promise<T | undefined> {
    for (let i = 0; ; i++) {
      const cur = await this.get<T>(db, id);
      if (!cur?._rev) return undefined;
      try {
        return (await this.remove(db, id, cur._rev)) ? cur : undefined;
      } catch (err) {
        if (!isConflict(err) || i + 1 >= attempts) throw err;
      }
    }
  }

  /**
   * The doc read with a deadline (plain HTTP with an abort signal, which nano cannot take), for
   * hot paths that must answer even when CouchDB is slow. Undefined when it does not exist.
   */
  async getWithin<T extends Doc = Doc>(db: string, id: string, timeoutMs: number): Promise<T | undefined> {
    const { base, headers } = couchEndpoint(this.url);
    const res = await fetch(`${base}/${encodeURIComponent(db)}/${encodeURIComponent(id)}`, { headers, signal: AbortSignal.timeout(Math.max(1, timeoutMs)) });
    if (res.status === 404) return undefined;
    if (!res.ok) throw Object.assign(new Error(`GET ${db}/${id}: HTTP ${res.status}`), { statusCode: res.status });
    return (await res.json()) as T;
  }

  /** Database names between `startkey` and `endkey` (`_all_dbs`), with a deadline. */
  async dbsBetween(startkey: string, endkey: string, timeoutMs = 10_000): Promise<string[]> {
    const { base, headers } = couchEndpoint(this.url);
    const qs = new URLSearchParams({ startkey: JSON.stringify(startkey), endkey: JSON.stringify(endkey) });
    const res = await fetch(`${base}/_all_dbs?${qs}`, { headers, signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) throw Object.assign(new Error(`_all_dbs: HTTP ${res.status}`), { statusCode: res.status });
    return (await res.json()) as string[];
  }

  /** The name of the user these credentials log in as (`GET /_session`); undefined for none. */
  async sessionUser(): Promise<string | undefined> {
    return (await this.nano.session()).userCtx?.name ?? undefined;
  }
}
