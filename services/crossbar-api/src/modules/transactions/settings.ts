// The system_config keys the transactions endpoints read: crossbar `maximum_range` (crossbar_view's
// widest created_from..created_to) and crossbar.transactions `max_amount`. Read once per crossbar
// with their defaults and live through `_changes`.
import { sharedLiveSettings, type SystemConfig } from '@tollgate/config';
import { MAX_AMOUNT_DOLLARS } from '@tollgate/money';
import type { CrossbarDeps } from '../../core/types';

export const TRANSACTIONS_CONFIG = 'crossbar.transactions';
const CROSSBAR_CONFIG = 'crossbar';

export interface TransactionsSettings {
  /** The widest created_from..created_to a listing may ask for, seconds (31 days). */
  maximumRangeS: number;
  /** The largest credit or debit one request may make, dollars; never above what integer units hold exactly. */
  maxAmount: number;
}

export async function loadTransactionsSettings(config: SystemConfig): Promise<TransactionsSettings> {
  return {
    maximumRangeS: await config.getInteger(CROSSBAR_CONFIG, 'maximum_range', 2_682_000),
    maxAmount: Math.min(await config.getNumber(TRANSACTIONS_CONFIG, 'max_amount', 1_000_000_000), MAX_AMOUNT_DOLLARS),
  };
}

const live = sharedLiveSettings([CROSSBAR_CONFIG, TRANSACTIONS_CONFIG], loadTransactionsSettings);

export async function transactionsSettings(deps: CrossbarDeps): Promise<TransactionsSettings> {
  return (await live(deps.config)).current;
}
