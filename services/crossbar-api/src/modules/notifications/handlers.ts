// cb_notifications for the low_balance notification: GET the template that applies (the
// account's own, else the nearest parent's — a reseller's serves its whole tree —, the system's,
// the default; `account_overridden` when it is the account's own), POST the account's own (and
// its low balance threshold, bounded), DELETE it (the parents' applies again), POST …/preview
// (rendered with the account's real figures, or `?sample=true` teletype-style sample data).
import {
  deleteNotification,
  fetchAccount,
  findNotificationTemplate,
  LOW_BALANCE,
  lowBalanceMacros,
  NOTIFICATION_IDS,
  type NotificationTemplate,
  notificationRecipients,
  readOwnNotification,
  renderNotification,
  SAMPLE_LOW_BALANCE,
  saveNotification,
  templateOf,
  updateAccountDoc,
} from '@tollgate/accounts';
import { sharedLiveSettings } from '@tollgate/config';
import { errors } from '@tollgate/errors';
import { balance, type LowBalanceFields, loadLedgerSettings, lowBalanceThreshold } from '@tollgate/ledger';
import { unitsToDollars } from '@tollgate/money';
import { requireAccountAccess } from '../../auth/access';
import type { Reply, RequestContext } from '../../core/types';
import { templateRequest } from './template-request';

const ledgerSettings = sharedLiveSettings(['notify.low_balance', 'notify.account_crawler'], loadLedgerSettings);

function notificationId(ctx: RequestContext): string {
  const id = ctx.params.notification_id;
  if (!NOTIFICATION_IDS.includes(id)) throw errors.badIdentifier(id);
  return id;
}

async function thresholdUnits(ctx: RequestContext, accountId: string): Promise<number> {
  const account = await fetchAccount(ctx.deps.couch, accountId);
  return lowBalanceThreshold((account ?? {}) as LowBalanceFields, (await ledgerSettings(ctx.deps.config)).current.lowBalanceThreshold);
}

async function templateJson(ctx: RequestContext, accountId: string, id: string): Promise<Record<string, unknown>> {
  const found = await findNotificationTemplate(ctx.deps.couch, accountId, id);
  const own = found.source === accountId;
  return {
    ...found.template,
    id,
    ...(own ? { account_overridden: true } : {}),
    threshold: unitsToDollars(await thresholdUnits(ctx, accountId)),
  };
}

/** GET /notifications: the notifications an account may customize. */
export async function listNotifications(ctx: RequestContext): Promise<Reply> {
  const accountId = ctx.params.account_id;
  await requireAccountAccess(ctx, accountId);
  const own = await readOwnNotification(ctx.deps.couch, accountId, LOW_BALANCE);
  return { data: [{ id: LOW_BALANCE, friendly_name: 'Low Balance', category: 'account', ...(own ? { account_overridden: true } : {}) }] };
}

export async function getNotification(ctx: RequestContext): Promise<Reply> {
  const accountId = ctx.params.account_id;
  await requireAccountAccess(ctx, accountId);
  return { data: await templateJson(ctx, accountId, notificationId(ctx)) };
}

export async function postNotification(ctx: RequestContext): Promise<Reply> {
  const accountId = ctx.params.account_id;
  await requireAccountAccess(ctx, accountId);
  const id = notificationId(ctx);
  const settings = (await ledgerSettings(ctx.deps.config)).current;
  const req = templateRequest(ctx.data, { min: settings.minThreshold, max: settings.maxThreshold });
  if (Object.keys(req.fields).length > 0) await saveNotification(ctx.deps, accountId, id, req.fields);
  if (req.threshold !== undefined) {
    const threshold = req.threshold;
    await updateAccountDoc(ctx.deps, accountId, (cur) => {
      const notifications = (cur.notifications ?? {}) as Record<string, unknown>;
      const low = (notifications.low_balance ?? {}) as Record<string, unknown>;
      return { ...cur, notifications: { ...notifications, low_balance: { ...low, threshold } } };
    });
  }
  return { data: await templateJson(ctx, accountId, id) };
}

export async function deleteNotificationRoute(ctx: RequestContext): Promise<Reply> {
  const accountId = ctx.params.account_id;
  await requireAccountAccess(ctx, accountId);
  const id = notificationId(ctx);
  if (!(await deleteNotification(ctx.deps, accountId, id))) throw errors.badIdentifier(id);
  return { data: {} };
}

/** POST /notifications/{id}/preview: the template that applies, with the body's fields over it, rendered. */
export async function previewNotification(ctx: RequestContext): Promise<Reply> {
  const accountId = ctx.params.account_id;
  await requireAccountAccess(ctx, accountId);
  const id = notificationId(ctx);
  const found = await findNotificationTemplate(ctx.deps.couch, accountId, id);
  const given = ctx.data && typeof ctx.data === 'object' && !Array.isArray(ctx.data) ? (templateRequest(ctx.data, { min: -Infinity, max: Infinity }).fields as Record<string, unknown>) : {};
  const template: NotificationTemplate = templateOf(given, found.template);
  const recipients = await notificationRecipients(ctx.deps.couch, accountId, template);
  let macros: Record<string, unknown>;
  if (ctx.query.sample === 'true') macros = lowBalanceMacros(SAMPLE_LOW_BALANCE);
  else {
    const account = await fetchAccount(ctx.deps.couch, accountId);
    macros = lowBalanceMacros({
      account: { id: accountId, name: typeof account?.name === 'string' ? account.name : '', realm: typeof account?.realm === 'string' ? account.realm : '' },
      ...(recipients[0]?.user ? { user: recipients[0].user } : {}),
      balanceUnits: await balance(ctx.deps.couch, accountId),
      thresholdUnits: await thresholdUnits(ctx, accountId),
    });
  }
  const mail = renderNotification(template, macros);
  return { data: { ...mail, to: recipients.map((r) => r.email), ...(template.from ? { from: template.from } : {}) } };
}
