// kapi_notifications' low_balance (core/kazoo_amqp/src/api/kapi_notifications.erl): an account
// found under its low balance threshold, published on exchange `notifications` under
// `notifications.account.low_balance` (the Kazoo teletype template's binding).
import { defineApi } from '../api';

export const LOW_BALANCE_ROUTING_KEY = 'notifications.account.low_balance';

/** `Current-Balance` is in units (kz_currency), as notify_account_crawler sends it. */
export const lowBalanceNotification = defineApi({
  eventCategory: 'notification',
  eventName: 'low_balance',
  required: ['Account-ID', 'Current-Balance'],
  optional: ['To', 'Cc', 'Bcc', 'From', 'Reply-To', 'Subject', 'HTML', 'Text', 'Account-DB', 'Preview', 'Attachment-URL'],
});
