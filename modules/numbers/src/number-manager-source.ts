// The NumberSource (of @tollgate/services) the platform uses: the account-side listing, its classifiers
// (system_config number_manager `classifiers`, first match) and its per-carrier billable setting
// (number_manager `is_number_billable.<module>`, so local numbers are billed without recompiling).
import type { SystemConfig } from '@tollgate/config';
import type { Couch } from '@tollgate/kazoo-db';
import type { NumberSource } from '@tollgate/services';
import { listAccountNumbers } from './account-listing';
import { isCarrierBillable } from './carrier-billing';
import { classifyNumber, readClassifiers } from './classifiers';

export function numberManagerSource(couch: Couch, config: SystemConfig): NumberSource {
  return {
    async listAccountNumbers(accountId) {
      return (await listAccountNumbers(couch, accountId)).map((n) => ({ number: n.number, state: n.state, carrier: n.module_name, features: n.features }));
    },
    async classifier() {
      const classifiers = await readClassifiers(config);
      return (number) => classifyNumber(number, classifiers) ?? 'unknown';
    },
    isBillable(carrier) {
      return isCarrierBillable(config, carrier ?? 'knm_local');
    },
  };
}
