// The `tasks` db: task docs with their in.csv / out.csv attachments, and the output rows a worker
// commits batch by batch (one `task_output` doc per batch) until out.csv is assembled.
import type { Readable } from 'node:stream';
import { type Couch, getAttachment, isConflict, isNotFound, putAttachment } from '@tollgate/kazoo-db';
import { isTaskDoc, TASKS_DB, type TaskDoc } from './task-doc';

export const OUTPUT_PART_TYPE = 'task_output';

export interface OutputPart {
  _id: string;
  _rev?: string;
  pvt_type: typeof OUTPUT_PART_TYPE;
  pvt_task_id: string;
  /** Output rows (input cells + reason) of one batch, in input order. */
  rows: string[][];
}

interface ViewRow<V> {
  id: string;
  key: unknown;
  value: V;
}

function partId(taskId: string, batch: number): string {
  return `${taskId}-out-${String(batch).padStart(9, '0')}`;
}

export class TaskStore {
  readonly db: string;

  constructor(
    readonly couch: Couch,
    db = TASKS_DB,
  ) {
    this.db = db;
  }

  async get(id: string): Promise<TaskDoc | undefined> {
    const doc = await this.couch.get(this.db, id);
    return isTaskDoc(doc) ? doc : undefined;
  }

  /** The task when it belongs to `accountId` (cb_tasks reads through listing_by_account [account, id]). */
  async getForAccount(id: string, accountId: string): Promise<TaskDoc | undefined> {
    const doc = await this.get(id);
    return doc && doc.pvt_account_id === accountId ? doc : undefined;
  }

  async create(doc: TaskDoc): Promise<TaskDoc> {
    return (await this.couch.put(this.db, doc)) as TaskDoc;
  }

  /** Read-modify-write with conflict retry; `fn` returns undefined to leave the doc alone. */
  async update(id: string, fn: (doc: TaskDoc) => TaskDoc | undefined): Promise<TaskDoc | undefined> {
    return (await this.couch.update<TaskDoc>(this.db, id, (current) => (current && isTaskDoc(current) ? fn(current) : undefined))) as TaskDoc | undefined;
  }

  /**
   * update() for a writer racing a busy worker (a stop request, while the worker saves the doc after
   * every batch): a run of conflicts is retried after a short random pause, until `deadline` (epoch ms).
   */
  async updateUntil(id: string, fn: (doc: TaskDoc) => TaskDoc | undefined, deadline: number): Promise<TaskDoc | undefined> {
    for (let pauseMs = 10; ; pauseMs = Math.min(pauseMs * 2, 200)) {
      try {
        return await this.update(id, fn);
      } catch (err) {
        if (!isConflict(err) || Date.now() >= deadline) throw err;
      }
      await new Promise((r) => setTimeout(r, pauseMs / 2 + Math.random() * pauseMs));
    }
  }

  async putAttachment(id: string, rev: string, name: string, body: Readable | Buffer, contentType = 'text/csv', length?: number): Promise<string> {
    return putAttachment(this.couch.url, this.db, id, rev, name, contentType, body, length);
  }

  /** Puts an attachment on the current revision, retrying when a concurrent update moved it. */
  async attach(id: string, name: string, body: () => Readable | Buffer, contentType = 'text/csv', length?: number, attempts = 10): Promise<string> {
    for (let i = 0; ; i++) {
      const doc = await this.get(id);
      if (!doc?._rev) throw new Error(`task ${id} is gone`);
      try {
        return await this.putAttachment(id, doc._rev, name, body(), contentType, length);
      } catch (err) {
        if ((err as { statusCode?: number }).statusCode !== 409 || i + 1 >= attempts) throw err;
      }
    }
  }

  async readAttachment(id: string, name: string): Promise<Readable | undefined> {
    return getAttachment(this.couch.url, this.db, id, name);
  }

  /** Tasks of an account, newest first (view tasks/listing_by_created). */
  async listByAccount(accountId: string): Promise<TaskDoc[]> {
    return this.listView({ startkey: [accountId, {}], endkey: [accountId], descending: true });
  }

  /** Every task, newest first (maintenance CLI). */
  async listAll(): Promise<TaskDoc[]> {
    const docs = await this.listView({});
    return docs.sort((a, b) => b.pvt_created - a.pvt_created || (a._id < b._id ? 1 : -1));
  }

  private async listView(params: Record<string, unknown>): Promise<TaskDoc[]> {
    const res = await this.couch.db(this.db).view<unknown>('tasks', 'listing_by_created', { ...params, include_docs: true });
    return (res.rows as unknown as (ViewRow<unknown> & { doc?: unknown })[]).map((r) => r.doc).filter(isTaskDoc);
  }

  /** Executing tasks (view tasks/by_status): what a worker looks at to take over abandoned ones. */
  async executing(): Promise<TaskDoc[]> {
    const res = await this.couch.db(this.db).view<unknown>('tasks', 'by_status', { key: 'executing', include_docs: true });
    return (res.rows as unknown as { doc?: unknown }[]).map((r) => r.doc).filter(isTaskDoc);
  }

  /** Deletes a task (with its attachments) and its uncollected output. */
  async remove(doc: TaskDoc): Promise<void> {
    await this.couch.db(this.db).destroy(doc._id, doc._rev as string);
    await this.deleteOutputParts(doc._id);
  }

  /** Saves one batch's output rows; the same batch saved again replaces them (a resumed batch). */
  async putOutputPart(taskId: string, batch: number, rows: string[][]): Promise<void> {
    const _id = partId(taskId, batch);
    for (let i = 0; i < 10; i++) {
      const existing = await this.couch.get(this.db, _id);
      try {
        await this.couch.put(this.db, { _id, ...(existing?._rev ? { _rev: existing._rev } : {}), pvt_type: OUTPUT_PART_TYPE, pvt_task_id: taskId, rows });
        return;
      } catch (err) {
        if (!isConflict(err)) throw err;
      }
    }
  }

  /** Output parts in batch order, a page at a time. */
  async *outputParts(taskId: string, pageSize = 100): AsyncGenerator<OutputPart> {
    let startkey = partId(taskId, 0);
    const endkey = partId(taskId, 999_999_999);
    for (;;) {
      const res = await this.couch.db(this.db).list({ startkey, endkey, include_docs: true, limit: pageSize + 1 });
      const rows = res.rows as unknown as { id: string; doc?: OutputPart }[];
      for (const r of rows.slice(0, pageSize)) if (r.doc?.pvt_type === OUTPUT_PART_TYPE) yield r.doc;
      if (rows.length <= pageSize) return;
      startkey = rows[pageSize].id;
    }
  }

  async deleteOutputParts(taskId: string): Promise<void> {
    for (;;) {
      const res = await this.couch.db(this.db).list({ startkey: partId(taskId, 0), endkey: partId(taskId, 999_999_999), limit: 500 });
      const rows = res.rows as unknown as { id: string; value: { rev: string } }[];
      if (rows.length === 0) return;
      await this.couch.db(this.db).bulk({ docs: rows.map((r) => ({ _id: r.id, _rev: r.value.rev, _deleted: true })) });
    }
  }

  async exists(id: string): Promise<boolean> {
    try {
      await this.couch.db(this.db).head(id);
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }
}
