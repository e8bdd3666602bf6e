// cb_notifications (Kazoo 4.3), for the low_balance notification (seed 003 "Low Balance Email"):
// the template found by walking account → parents → system, overridable by a reseller for its
// tree and by a client for itself; its preview. Handlers: ./handlers.ts.
import type { CrossbarModule } from '../../core/types';
import { deleteNotificationRoute, getNotification, listNotifications, postNotification, previewNotification } from './handlers';

const BASE = '/v2/accounts/:account_id/notifications';

export const notificationsModule: CrossbarModule = {
  name: 'notifications',
  routes: () => [
    { method: 'GET', path: BASE, handler: listNotifications },
    { method: 'GET', path: `${BASE}/:notification_id`, handler: getNotification },
    { method: 'POST', path: `${BASE}/:notification_id`, handler: postNotification },
    { method: 'DELETE', path: `${BASE}/:notification_id`, handler: deleteNotificationRoute },
    { method: 'POST', path: `${BASE}/:notification_id/preview`, handler: previewNotification },
  ],
};
