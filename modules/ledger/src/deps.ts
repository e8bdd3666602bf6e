import type { SystemConfig } from '@tollgate/config';
import type { Bus } from '@tollgate/kazoo-bus';
import type { Couch } from '@tollgate/kazoo-db';

/** What a ledger write needs; without a bus the write is made and nothing is announced. */
export interface LedgerDeps {
  couch: Couch;
  bus?: Bus;
  /** Where DocWriter reads `datamgr` `change_notice_exclude_types`. */
  config?: SystemConfig;
}
