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
// Reads for the REST API
export {
  findLedgerEntry,
  isLedgerEntryKey,
  type LedgerAccountSummary,
  type LedgerEntriesPage,
  ledgerMonthSummary,
  type LedgerMonthSummary,
  type LedgerSum,
  ledgerTotalsBySource,
  listLedgerEntries,
} from './store/ledger-reads';
// Ledger entries recorded over the REST API (cb_ledgers' credit and debit)
export { type LedgerDoc, type LedgerType, newLedgerEntry, type NewLedgerEntry, resellerCopyOf, signedLedgerAmount } from './domain/ledger-doc';
export { LedgerSourceTaken, recordLedgerEntryOnce } from './store/record-ledger-entry';
