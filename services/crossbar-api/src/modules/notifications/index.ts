// cb_notifications (Kazoo 4.3), for the low_balance notification (seed 003 "Low Balance Email"):
// the template found by walking account → parents → system, overridable by a reseller for its
// tree and by a client for itself; its preview. Handlers: ./handlers.ts.
import type { CrossbarModule } from '../../core/types';
import { deleteNotificationRoute, getNotification, listNotifications, postNotification, previewNotification } from './handlers';

const BASE = '/v2/accounts/:account_id/notifications';

export const notificationsModule: CrossbarModule = {
  name: 'notifications',
  routes: () => [
    { method: 'GET', path: BASE, doc: { summary: 'the notifications (low_balance) and where each template comes from', response: { type: 'array' } }, handler: listNotifications },
    { method: 'GET', path: `${BASE}/:notification_id`, doc: { summary: 'one notification template, found account → parents → system' }, handler: getNotification },
    { method: 'POST', path: `${BASE}/:notification_id`, doc: { summary: "override a notification's template for this account (a reseller: for its tree)" }, handler: postNotification },
    { method: 'DELETE', path: `${BASE}/:notification_id`, doc: { summary: "remove this account's override (the inherited template applies again)" }, handler: deleteNotificationRoute },
    { method: 'POST', path: `${BASE}/:notification_id/preview`, doc: { summary: 'render a notification template with sample data' }, handler: previewNotification },
  ],
};
