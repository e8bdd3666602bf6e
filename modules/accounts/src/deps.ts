import type { SystemConfig } from '@tollgate/config';
import type { Couch } from '@tollgate/kazoo-db';
import type { Bus } from '@tollgate/kazoo-bus';

/**
 * What the account domain needs. A service passes its ServiceDeps; a CLI verb without a broker
 * may leave `bus` out, and then no document events are published (the periodic reconcile of the
 * services that listen catches the change up).
 */
export interface AccountsDeps {
  couch: Couch;
  config: SystemConfig;
  bus?: Bus;
}

/** Lookups need only the database and system_config. */
export type LookupDeps = Pick<AccountsDeps, 'couch' | 'config'>;
