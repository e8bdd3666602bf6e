// Every write Tollgate makes publishes Kazoo's document event (kapi_conf doc_created / doc_edited /
// doc_deleted on the `configuration` exchange); services-sync and caches listen to these instead of
// following thousands of account dbs.
import { type Couch, type Doc, encodeDbName, parseAccountRef } from '@tollgate/kazoo-db';
import { type Bus, type DocAction, publishDocUpdate } from '@tollgate/kazoo-bus';
import { createLogger } from '@tollgate/log';

const log = createLogger('doc-events');

export async function publishDocChange(bus: Bus, action: DocAction, db: string, doc: Doc): Promise<void> {
  const accountId = typeof doc.pvt_account_id === 'string' ? doc.pvt_account_id : parseAccountRef(db)?.accountId;
  try {
    await publishDocUpdate(bus, action, {
      Database: encodeDbName(db),
      ID: String(doc._id),
      Type: typeof doc.pvt_type === 'string' ? doc.pvt_type : 'undefined',
      ...(doc._rev ? { Rev: doc._rev } : {}),
      ...(accountId ? { 'Account-ID': accountId } : {}),
      ...(doc.pvt_deleted === true ? { 'Is-Soft-Deleted': true } : {}),
    });
  } catch (err) {
    // The write happened; a lost event is caught up by the periodic reconcile.
    log.warn('could not publish a document event', { db, id: doc._id, error: (err as Error).message });
  }
}

/** Saves a doc and publishes its document event (created when it had no _rev, edited otherwise). */
export async function saveAndPublish<T extends Doc>(couch: Couch, bus: Bus, db: string, doc: T): Promise<T & { _id: string; _rev: string }> {
  const saved = await couch.put(db, doc);
  await publishDocChange(bus, doc._rev ? 'edited' : 'created', db, saved);
  return saved;
}
