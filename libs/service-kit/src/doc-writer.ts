// The one way a module writes CouchDB documents: every write publishes Kazoo's document event
// (doc_created / doc_edited / doc_deleted on the `configuration` exchange), so listeners never
// poll for Tollgate's own writes. As Kazoo's kzs_publish, types in system_config `datamgr`
// `change_notice_exclude_types` are not announced (config.ts).
import type { SystemConfig } from '@tollgate/config';
import type { BulkOptions, BulkResult, Couch, Doc } from '@tollgate/kazoo-db';
import type { Bus, DocAction } from '@tollgate/kazoo-bus';
import { DEFAULT_PUBLISH_EXCLUDE_TYPES, datamgrSettings } from './config';
import { publishDocChange } from './doc-events';
import { currentWriteActor, stampWriteActor } from './write-actor';

const DEFAULT_EXCLUDED: ReadonlySet<string> = new Set(DEFAULT_PUBLISH_EXCLUDE_TYPES);
/**
 * Never announced, whatever `datamgr` says: an auth token's doc id is the bearer credential, which
 * an event would hand to every listener on `configuration`.
 */
const NEVER_ANNOUNCED: ReadonlySet<string> = new Set(['token']);

export interface DocWriterOptions {
  couch: Couch;
  /** Without a bus (a unit test, a tool with no broker) the writes are made and nothing is announced. */
  bus?: Bus;
  /** Where `datamgr` `change_notice_exclude_types` is read; the default list without it. */
  config?: SystemConfig;
}

function actionOf(before: Doc | undefined, after: Doc): DocAction {
  if (after._deleted === true || after.pvt_deleted === true) return 'deleted';
  return before ? 'edited' : 'created';
}

export class DocWriter {
  readonly couch: Couch;
  private readonly bus: Bus | undefined;
  private readonly config: SystemConfig | undefined;

  constructor(opts: DocWriterOptions) {
    this.couch = opts.couch;
    this.bus = opts.bus;
    this.config = opts.config;
  }

  /** The same writer announcing on another bus (or none). */
  withBus(bus: Bus | undefined): DocWriter {
    return new DocWriter({ couch: this.couch, bus, config: this.config });
  }

  /** Saves a doc (with `_rev` for an update) and announces it. */
  async put<T extends Doc>(db: string, doc: T): Promise<T & { _id: string; _rev: string }> {
    const saved = await this.couch.put(db, stampWriteActor(doc));
    await this.announce(actionOf(doc._rev ? doc : undefined, saved), db, saved);
    return saved;
  }

  /**
   * Read-modify-write retried on conflict (see Couch.update); the write, if one was made, is
   * announced. Derived fields belong inside `update`, computed from the doc it is given.
   */
  async update<T extends Doc>(
    db: string,
    id: string,
    update: (current: T | undefined) => T | undefined | Promise<T | undefined>,
    attempts?: number,
  ): Promise<T | undefined> {
    let before: T | undefined;
    let wrote = false;
    const saved = await this.couch.update<T>(
      db,
      id,
      async (cur) => {
        before = cur;
        const next = await update(cur);
        wrote = next !== undefined;
        return next === undefined ? next : stampWriteActor(next);
      },
      attempts,
    );
    if (wrote && saved) await this.announce(actionOf(before, saved), db, saved);
    return saved;
  }

  /** Deletes a doc whatever its revision; the doc as it was, undefined when there was none. */
  async remove<T extends Doc>(db: string, id: string): Promise<T | undefined> {
    const gone = await this.couch.removeCurrent<T>(db, id);
    if (gone) await this.announce('deleted', db, gone);
    return gone;
  }

  /** Deletes one revision of a doc (a conflict is thrown); false when it was already gone. */
  async removeRevision(db: string, doc: Doc & { _id: string; _rev: string }): Promise<boolean> {
    const removed = await this.couch.remove(db, doc._id, doc._rev);
    if (removed) await this.announce('deleted', db, doc);
    return removed;
  }

  /** `_bulk_docs` in batches; each doc written is announced (unless its type is excluded). */
  async bulk(db: string, given: Doc[], opts: BulkOptions = {}): Promise<BulkResult[]> {
    const actor = currentWriteActor();
    const docs = actor ? given.map((d) => stampWriteActor(d, actor)) : given;
    const results = await this.couch.bulk(db, docs, opts);
    if (!this.bus) return results;
    const excluded = await this.excludedTypes();
    for (const [i, r] of results.entries()) {
      const doc = docs[i];
      if (!r.ok || excluded.has(String(doc.pvt_type)) || NEVER_ANNOUNCED.has(String(doc.pvt_type))) continue;
      const saved = { ...doc, _id: r.id, _rev: r.rev };
      await this.publish(actionOf(doc._rev ? doc : undefined, saved), db, saved);
    }
    return results;
  }

  private async excludedTypes(): Promise<ReadonlySet<string>> {
    if (!this.config) return DEFAULT_EXCLUDED;
    return (await datamgrSettings(this.config)).current.changeNoticeExcludeTypes;
  }

  private async announce(action: DocAction, db: string, doc: Doc): Promise<void> {
    if (!this.bus) return;
    if (NEVER_ANNOUNCED.has(String(doc.pvt_type)) || (await this.excludedTypes()).has(String(doc.pvt_type))) return;
    await this.publish(action, db, doc);
  }

  private publish(action: DocAction, db: string, doc: Doc): Promise<void> {
    return publishDocChange(this.bus as Bus, action, db, doc);
  }
}
