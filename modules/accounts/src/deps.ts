import type { SystemConfig } from '@tollgate/config';
import type { Bus } from '@tollgate/kazoo-bus';
import type { Couch } from '@tollgate/kazoo-db';

/**
 * What the accounts module needs. A service passes its ServiceDeps; a CLI verb without a broker
 * may leave `bus` out, and then its writes announce nothing (the periodic reconcile of the
 * services that listen catches the change up).
 */
export interface AccountsDeps {
  couch: Couch;
  config: SystemConfig;
  bus?: Bus;
}

/** Lookups need only the database and system_config. */
export type LookupDeps = Pick<AccountsDeps, 'couch' | 'config'>;
