// Where a notification template is found and kept (teletype_templates:fetch_notification): the
// account's own `notification.<id>` doc in its db, else its parents' up the tree (its reseller
// among them: a reseller's template serves its whole tree), else system_config's
// `notification.<id>`, else the built-in default. Writes go through DocWriter (document events).
import { accountDbName, type Couch, GLOBAL_DBS, gregorianNow } from '@tollgate/kazoo-db';
import { treeOf } from '../domain/account-doc';
import { fetchAccount } from '../store/account-store';
import { docWriter, type WriteDeps } from '../store/writer';
import { DEFAULT_LOW_BALANCE, type NotificationTemplate, notificationDocId, templateOf } from './notification-template';

type TemplateDoc = Record<string, unknown> & { _id: string; _rev?: string };

/** The account's own template doc; undefined when it has none. */
export async function readOwnNotification(couch: Couch, accountId: string, id: string): Promise<TemplateDoc | undefined> {
  const doc = await couch.get<TemplateDoc>(accountDbName(accountId), notificationDocId(id));
  return doc && doc.pvt_deleted !== true ? doc : undefined;
}

export interface FoundTemplate {
  template: NotificationTemplate;
  /** The account whose template it is, `system` (system_config) or `default` (built in). */
  source: string;
}

/** The template that applies to the account: its own, its nearest parent's, the system's, the default. */
export async function findNotificationTemplate(couch: Couch, accountId: string, id: string): Promise<FoundTemplate> {
  const account = await fetchAccount(couch, accountId);
  const walk = [accountId, ...(account ? [...treeOf(account)].reverse() : [])];
  for (const owner of walk) {
    const doc = await readOwnNotification(couch, owner, id).catch(() => undefined);
    if (doc) return { template: templateOf(doc), source: owner };
  }
  const system = await couch.get<TemplateDoc>(GLOBAL_DBS.systemConfig, notificationDocId(id)).catch(() => undefined);
  if (system) return { template: templateOf(system), source: 'system' };
  return { template: { ...DEFAULT_LOW_BALANCE, enabled: true }, source: 'default' };
}

const PUBLIC_KEYS = ['subject', 'from', 'to', 'cc', 'bcc', 'plain', 'html', 'enabled', 'friendly_name', 'category', 'reply_to', 'template_charset'] as const;

/** Writes the account's own template (the given fields replace the stored ones). */
export async function saveNotification(deps: WriteDeps, accountId: string, id: string, fields: Record<string, unknown>): Promise<TemplateDoc> {
  const now = gregorianNow();
  const saved = await docWriter(deps).update<TemplateDoc>(accountDbName(accountId), notificationDocId(id), (cur) => {
    const next: TemplateDoc = { _id: notificationDocId(id), ...(cur?._rev ? { _rev: cur._rev } : {}) };
    for (const k of PUBLIC_KEYS) if (fields[k] !== undefined) next[k] = fields[k];
    return { ...next, pvt_type: 'notification', pvt_account_id: accountId, pvt_created: cur?.pvt_created ?? now, pvt_modified: now };
  });
  if (!saved) throw new Error(`notification ${id} of ${accountId} was not saved`);
  return saved;
}

/** Removes the account's own template (its parents' applies again); false when it had none. */
export async function deleteNotification(deps: WriteDeps, accountId: string, id: string): Promise<boolean> {
  return (await docWriter(deps).remove(accountDbName(accountId), notificationDocId(id))) !== undefined;
}
