// The number-manager service's own system_config keys (category number_manager, as Kazoo's knm).
import type { SystemConfig } from '@tollgate/config';
import { NUMBER_MANAGER_CATEGORY } from '@tollgate/numbers';

/** Shared work queue: one instance handles each account deletion. */
export const ACCOUNT_EVENTS_QUEUE = 'number_manager_account_events';

/** knm_number_crawler `crawler_timer_ms` (Kazoo: a day). */
export async function crawlerTimerMs(config: SystemConfig): Promise<number> {
  return Math.max(1000, await config.getInteger(NUMBER_MANAGER_CATEGORY, 'crawler_timer_ms', 86_400_000));
}
