// @tollgate/ledger: an account's money in its MODBs — credit and debit transactions (Kazoo's
// kz_transaction), ledger docs (kz_ledger: a finished call's per-minute charge, a reseller's cost)
// and the balance they make together; plus the pure rules of the low balance alert.
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
export { type LedgerDoc, type LedgerType, newLedger, type NewLedger, PER_MINUTE_SOURCE, signedLedgerAmount, yearMonthOf } from './domain/ledger-doc';
export { decideLowBalance, type LowBalanceDecision, type LowBalanceFields, lowBalanceThreshold, markLowBalance } from './domain/low-balance';
export { deleteTransaction, saveTransaction, saveTransactionOnce, TransactionKeyTaken } from './store/write-transactions';
export { ledgerDb, saveLedgers, type SavedLedgers } from './store/write-ledgers';
export { balance, ledgerTotals, listTransactions, modbsByAccount } from './store/read-transactions';
export { BalanceCache, type BalanceCacheOptions } from './store/balance-cache';
// Reads for the REST API
export {
  findLedgerEntry,
  isLedgerEntryKey,
  type LedgerAccountSummary,
  ledgerEntriesBetween,
  type LedgerEntriesPage,
  ledgerMonthSummary,
  type LedgerMonthSummary,
  type LedgerSum,
  ledgerTotalsBySource,
  listLedgerEntries,
} from './store/ledger-reads';
// Ledger entries recorded over the REST API (cb_ledgers' credit and debit)
export { isReversedPair, newSourcedLedger, resellerCopyOf, reversalOf, reversalSourceId } from './domain/sourced-ledger';
export { reverseLedgerEntry, type ReverseOutcome } from './store/reverse-ledger-entry';
export { LedgerSourceTaken, recordLedgerEntryOnce } from './store/record-ledger-entry';
