// What the number-manager service adds to @tollgate/numbers: its queue. Its system_config keys
// (`crawler_timer_ms` and the rest of `number_manager`) are read by @tollgate/numbers's config.
/** Shared work queue: one instance handles each account deletion. */
export const ACCOUNT_EVENTS_QUEUE = 'number_manager_account_events';
