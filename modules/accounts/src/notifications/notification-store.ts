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
  return { template: templateOf({}, DEFAULT_LOW_BALANCE), source: 'default' };
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

export interface Recipient {
  email: string;
  /** The user the mail speaks to (its `[firstname]`): the admin mailed, or for addresses the template specifies, the account's first admin. */
  user?: { first_name?: string; last_name?: string; email?: string };
}

type UserFields = {
  email?: unknown;
  first_name?: unknown;
  last_name?: unknown;
  enabled?: unknown;
  pvt_deleted?: unknown;
};

async function adminUsers(couch: Couch, accountId: string): Promise<Array<{ email: string; first_name?: string; last_name?: string }>> {
  const users = await couch.find<UserFields>(accountDbName(accountId), { pvt_type: 'user', priv_level: 'admin' }, { limit: 1000 });
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return users
    .filter((u) => u.enabled !== false && u.pvt_deleted !== true && typeof u.email === 'string' && u.email.includes('@'))
    .map((u) => ({ email: u.email as string, first_name: str(u.first_name), last_name: str(u.last_name) }))
    .sort((a, b) => a.email.localeCompare(b.email));
}

/** Who a template's `to` reaches for the account: its admins (each by name), or the addresses it specifies. */
export async function notificationRecipients(couch: Couch, accountId: string, template: NotificationTemplate): Promise<Recipient[]> {
  const admins = await adminUsers(couch, accountId);
  if (template.to.type === 'specified') {
    const first = admins[0];
    return (template.to.email_addresses ?? []).map((email) => ({ email, ...(first ? { user: first } : {}) }));
  }
  return admins.map((u) => ({ email: u.email, user: u }));
}
