// The NumberSource (a port of @tollgate/services) the hosts wire in: the account-side listing, the
// classifiers (number_manager `classifiers`, first match) and the per-carrier billable setting
// (number_manager `is_number_billable.<module>`, so local numbers are billed without recompiling).
import type { SystemConfig } from '@tollgate/config';
import type { Couch } from '@tollgate/kazoo-db';
import type { NumberSource } from '@tollgate/services';
import { carrierBillable, numbersSettings } from './config';
import { classifyNumber } from './domain/classifiers';
import { listAccountNumbers } from './store/account-listing';

export function numberManagerSource(couch: Couch, config: SystemConfig): NumberSource {
  return {
    async listAccountNumbers(accountId) {
      return (await listAccountNumbers(couch, accountId)).map((n) => ({ number: n.number, state: n.state, carrier: n.module_name, features: n.features }));
    },
    async classifier() {
      const { classifiers } = (await numbersSettings(config)).current;
      return (number) => classifyNumber(number, classifiers) ?? 'unknown';
    },
    async isBillable(carrier) {
      return carrierBillable(config, (await numbersSettings(config)).current, carrier ?? 'knm_local');
    },
  };
}
