// @tollgate/ledger: credit and debit transactions in the account's MODBs and the balances they
// make, Kazoo's kz_transaction; plus the pure rules of the low balance alert.
export type { LedgerDeps } from './deps';
export { type LedgerSettings, loadLedgerSettings, startLedgerSettings } from './config';
export {
  newTransaction,
  type NewTransaction,
  signedAmount,
  type Transaction,
  TRANSACTION_CODES,
  TRANSACTION_KEY,
  type TransactionReason,
  type TransactionType,
} from './domain/transaction';
export { decideLowBalance, type LowBalanceDecision, type LowBalanceFields, lowBalanceThreshold, markLowBalance } from './domain/low-balance';
export { deleteTransaction, saveTransaction, saveTransactionOnce, TransactionKeyTaken } from './store/write-transactions';
export { balance, ledgerTotals, listTransactions, modbsByAccount } from './store/read-transactions';
