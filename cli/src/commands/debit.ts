// `tollgate debit <account id> <amount>` (sup kazoo_services_maintenance debit).
import { ledgerVerb } from './services/ledger-verb';

export const debitVerb = ledgerVerb('debit');
