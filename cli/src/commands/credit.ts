// `tollgate credit <account id> <amount>` (sup kazoo_services_maintenance credit).
import { ledgerVerb } from './services/ledger-verb';

export const creditVerb = ledgerVerb('credit');
