// The system_config key the credit and debit endpoints read (transactions and ledgers):
// crossbar.transactions `max_amount`. Read once per crossbar with its default and live through
// `_changes`. (crossbar `maximum_range`, the listings' widest range, is read by core/time-range.ts.)
import { sharedLiveSettings, type SystemConfig } from '@tollgate/config';
import { MAX_AMOUNT_DOLLARS } from '@tollgate/money';
import type { CrossbarDeps } from '../../core/types';

export const TRANSACTIONS_CONFIG = 'crossbar.transactions';

export interface TransactionsSettings {
  /** The largest credit or debit one request may make, dollars; never above what integer units hold exactly. */
  maxAmount: number;
}

export async function loadTransactionsSettings(config: SystemConfig): Promise<TransactionsSettings> {
  return {
    maxAmount: Math.min(await config.getNumber(TRANSACTIONS_CONFIG, 'max_amount', 1_000_000_000), MAX_AMOUNT_DOLLARS),
  };
}

const live = sharedLiveSettings([TRANSACTIONS_CONFIG], loadTransactionsSettings);

export async function transactionsSettings(deps: CrossbarDeps): Promise<TransactionsSettings> {
  return (await live(deps.config)).current;
}
