// The `tasks` db, whose one writer this is: task docs with their in.csv / out.csv attachments,
// and the output rows a worker commits batch by batch (one `task_output` doc per batch) until
// out.csv is assembled. Writes go through DocWriter (task docs are announced; `task_output`
// docs are in the default change_notice_exclude_types).
import type { Readable } from 'node:stream';
import { type Couch, type Doc, getAttachment, getLocalDoc, isConflict, putAttachment, putLocalDoc } from '@tollgate/kazoo-db';
import { DocWriter, type DocWriterOptions } from '@tollgate/service-kit';
import { isTaskDoc, TASKS_DB, type TaskDoc } from './task-doc';

const OUTPUT_PART_TYPE = 'task_output';

interface OutputPart extends Doc {
  _id: string;
  _rev?: string;
  pvt_type: typeof OUTPUT_PART_TYPE;
  pvt_task_id: string;
  /** Output rows (input cells + reason) of one batch, in input order. */
  rows: string[][];
}

export interface TaskStoreOptions extends DocWriterOptions {
  /** Database name; tests use their own. */
  db?: string;
}

const PAGE = 100;
const LAST_BATCH = 999_999_999;

function partId(taskId: string, batch: number): string {
  return `${taskId}-out-${String(batch).padStart(9, '0')}`;
}

export class TaskStore {
  readonly db: string;
  readonly couch: Couch;
  private readonly writer: DocWriter;

  constructor(opts: TaskStoreOptions) {
    this.couch = opts.couch;
    this.db = opts.db ?? TASKS_DB;
    this.writer = new DocWriter(opts);
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
    return this.writer.put(this.db, doc);
  }

  /** Read-modify-write with conflict retry; `fn` returns undefined to leave the doc alone. */
  async update(id: string, fn: (doc: TaskDoc) => TaskDoc | undefined): Promise<TaskDoc | undefined> {
    return this.writer.update<TaskDoc>(this.db, id, (current) => (current && isTaskDoc(current) ? fn(current) : undefined));
  }

  /**
   * Asks the worker running the task to stop, in `_local/stop-<id>` rather than on the task doc: the
   * worker writes that doc after every batch, and on a loaded machine a request racing it could lose
   * every round until its deadline. Nothing else writes the flag, so it lands at the first try.
   */
  async requestStop(id: string): Promise<void> {
    const name = `stop-${id}`;
    const cur = await getLocalDoc(this.couch, this.db, name);
    if (cur) return;
    await putLocalDoc(this.couch, this.db, name, { requested_at: Date.now() });
  }

  /** Whether a stop was asked for (requestStop, or `pvt_stop_requested` written on the doc by hand). */
  async stopRequested(doc: TaskDoc): Promise<boolean> {
    if (doc.pvt_stop_requested) return true;
    return (await getLocalDoc(this.couch, this.db, `stop-${doc._id}`)) !== undefined;
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
        if (!isConflict(err) || i + 1 >= attempts) throw err;
      }
    }
  }

  async readAttachment(id: string, name: string): Promise<Readable | undefined> {
    return getAttachment(this.couch.url, this.db, id, name);
  }

  /** Tasks of an account, newest first (view tasks/listing_by_created). */
  async listByAccount(accountId: string): Promise<TaskDoc[]> {
    return (await this.couch.viewDocs(this.db, 'tasks', 'listing_by_created', { startkey: [accountId, {}], endkey: [accountId], descending: true })).filter(isTaskDoc);
  }

  /** Every task, newest first (maintenance CLI). */
  async listAll(): Promise<TaskDoc[]> {
    const docs = (await this.couch.viewDocs(this.db, 'tasks', 'listing_by_created')).filter(isTaskDoc);
    return docs.sort((a, b) => b.pvt_created - a.pvt_created || (a._id < b._id ? 1 : -1));
  }

  /** Executing tasks (view tasks/by_status): what a worker looks at to take over abandoned ones. */
  async executing(): Promise<TaskDoc[]> {
    return (await this.couch.viewDocs(this.db, 'tasks', 'by_status', { key: 'executing' })).filter(isTaskDoc);
  }

  /** Deletes a task (with its attachments) and its uncollected output; a concurrent change is a conflict. */
  async remove(doc: TaskDoc): Promise<void> {
    if (!doc._rev) throw new Error(`task ${doc._id} has no revision to delete`);
    await this.writer.removeRevision(this.db, { ...doc, _rev: doc._rev });
    await this.deleteOutputParts(doc._id);
  }

  /** Saves one batch's output rows; the same batch saved again replaces them (a resumed batch). */
  async putOutputPart(taskId: string, batch: number, rows: string[][]): Promise<void> {
    const part: OutputPart = { _id: partId(taskId, batch), pvt_type: OUTPUT_PART_TYPE, pvt_task_id: taskId, rows };
    await this.writer.update<OutputPart>(this.db, part._id, () => part);
  }

  /** Output parts in batch order, a page at a time. */
  async *outputParts(taskId: string): AsyncGenerator<OutputPart> {
    let startkey = partId(taskId, 0);
    const endkey = partId(taskId, LAST_BATCH);
    for (;;) {
      const rows = await this.couch.allDocs<OutputPart>(this.db, { startkey, endkey, include_docs: true, limit: PAGE + 1 });
      for (const r of rows.slice(0, PAGE)) if (r.doc?.pvt_type === OUTPUT_PART_TYPE) yield r.doc;
      if (rows.length <= PAGE) return;
      startkey = rows[PAGE].id;
    }
  }

  async deleteOutputParts(taskId: string): Promise<void> {
    for (;;) {
      const rows = await this.couch.allDocs(this.db, { startkey: partId(taskId, 0), endkey: partId(taskId, LAST_BATCH), limit: 500 });
      if (rows.length === 0) return;
      await this.writer.bulk(
        this.db,
        rows.map((r) => ({ _id: r.id, _rev: r.value.rev, _deleted: true, pvt_type: OUTPUT_PART_TYPE })),
      );
    }
  }
}
