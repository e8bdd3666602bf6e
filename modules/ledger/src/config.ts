// The system_config keys of the ledger's low balance alert (Kazoo's notify.account_crawler and
// notify.low_balance), each read here once with its default (written back, so admins find every
// knob in Fauxton) and read again whenever one of the categories changes (LiveSettings).
import { LiveSettings, type SystemConfig } from '@tollgate/config';

const ACCOUNT_CRAWLER_CONFIG = 'notify.account_crawler';
const LOW_BALANCE_CONFIG = 'notify.low_balance';

export interface LedgerSettings {
  /** notify.account_crawler `crawl_for_low_balance`: run the low balance pass at all. */
  crawlForLowBalance: boolean;
  /** notify.account_crawler `low_balance_repeat_s`: how often an account that enabled the alert is reminded. */
  lowBalanceRepeatS: number;
  /** notify.account_crawler `crawl_interval_s` (ours; Kazoo's crawler cycles continuously). */
  crawlIntervalS: number;
  /** notify.low_balance `threshold`, dollars, for accounts without their own. */
  lowBalanceThreshold: number;
  /** notify.low_balance `min_threshold` / `max_threshold` (ours, seed 003): dollars, the bounds of a threshold set for an account over the API. */
  minThreshold: number;
  maxThreshold: number;
}

export async function loadLedgerSettings(config: SystemConfig): Promise<LedgerSettings> {
  return {
    crawlForLowBalance: await config.getBoolean(ACCOUNT_CRAWLER_CONFIG, 'crawl_for_low_balance', true),
    lowBalanceRepeatS: Math.max(0, await config.getInteger(ACCOUNT_CRAWLER_CONFIG, 'low_balance_repeat_s', 86_400)),
    crawlIntervalS: Math.max(1, await config.getInteger(ACCOUNT_CRAWLER_CONFIG, 'crawl_interval_s', 900)),
    lowBalanceThreshold: await config.getNumber(LOW_BALANCE_CONFIG, 'threshold', 5),
    minThreshold: await config.getNumber(LOW_BALANCE_CONFIG, 'min_threshold', 10),
    maxThreshold: await config.getNumber(LOW_BALANCE_CONFIG, 'max_threshold', 500),
  };
}

/** The current settings, reloaded after every change to their categories. */
export function startLedgerSettings(config: SystemConfig): Promise<LiveSettings<LedgerSettings>> {
  return LiveSettings.start(config, [ACCOUNT_CRAWLER_CONFIG, LOW_BALANCE_CONFIG], loadLedgerSettings);
}
