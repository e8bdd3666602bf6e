// system_config `ledgers` `registered_ledgers` (kz_ledgers:available_ledgers): the ledger sources
// an account may see listed, Kazoo's four by default. Read once per crossbar, live through `_changes`.
import { sharedLiveSettings, type SystemConfig } from '@tollgate/config';
import type { CrossbarDeps } from '../../core/types';

export const LEDGERS_CONFIG = 'ledgers';

export const DEFAULT_REGISTERED_LEDGERS = [
  { name: 'per-minute-voip', friendly_name: 'Per Minute VoIP', markup_type: ['percentage'] },
  { name: 'services', friendly_name: 'Monthly Recurring Services', markup_type: [] },
  { name: 'payments', friendly_name: 'Payments', markup_type: [] },
  { name: 'rollovers', friendly_name: 'Monthly Rollover', markup_type: [] },
];

export interface LedgersSettings {
  registeredLedgers: unknown[];
}

export async function loadLedgersSettings(config: SystemConfig): Promise<LedgersSettings> {
  const registered = await config.get<unknown>(LEDGERS_CONFIG, 'registered_ledgers', DEFAULT_REGISTERED_LEDGERS);
  return { registeredLedgers: Array.isArray(registered) ? registered : DEFAULT_REGISTERED_LEDGERS };
}

const live = sharedLiveSettings([LEDGERS_CONFIG], loadLedgersSettings);

export async function ledgersSettings(deps: CrossbarDeps): Promise<LedgersSettings> {
  return (await live(deps.config)).current;
}
