// Kazoo services: service plans, pricing, quantities, services docs, bookkeepers and the sync.
export * from './plan/types';
export { servicePlanSchema, servicePlanItemSchema } from './plan/service-plan-schema';
export { servicePlanErrors, isValidServicePlan, assertValidServicePlan } from './plan/validate-service-plan';
export { DEFAULT_MERGE_PRIORITIES, type MergePriorities, deepMerge, mergePlans, mergeVendorPlans, mergeToSingle } from './plan/merge-plans';
export { type EffectiveRatedeck, type RatedeckResult, effectiveRatedeck, ratedecksOfPlan } from './plan/effective-ratedeck';
export { type Quantities, quantityOf, categoryQuantity, addQuantities, quantitiesDiffer } from './pricing/quantities';
export { type ServiceItem, type QuantitySource, createItem, createItems, tierFor } from './pricing/create-items';
export { type Invoice, type InvoiceLine, type PriceOptions, priceItems } from './pricing/price-items';
export { invoiceJson, invoiceLineJson } from './pricing/invoice-json';
export { type AccountNumber, type NumberSource, type NumberCounts, BILLABLE_STATES, countNumbers } from './quantities/number-source';
export { countDoc, recountAccount, type RecountOptions } from './quantities/recount-account';
export { scanAccountDocs } from './quantities/scan-account-docs';
export * from './store/services-doc';
export { ServicesView, type ServicesRatedeck } from './store/services-view';
export {
  alignAccountServices,
  createAccountServices,
  defaultPlansFrom,
  fetchServices,
  fetchServicesById,
  markAccountServicesDeleted,
  type NewAccountServices,
  removeAccountServices,
  type ServicesWriteDeps,
  setResellerFlag,
} from './store/account-services';
export { SERVICE_PLAN_TYPE, fetchPlan, listPlans, createPlan, planPublicView, loadAssignedPlans, type LoadedPlans } from './store/plan-store';
export { ServicesStore, type ServicesStoreOptions, plansFingerprint } from './store/services-store';
export { type Bookkeeper, type BookkeeperSyncResult, BookkeeperError, isBookkeeperError } from './bookkeepers/bookkeeper';
export { localBookkeeper, MONTHLY_RECURRING_ID, type LocalBookkeeperOptions } from './bookkeepers/local-bookkeeper';
export {
  braintreeBookkeeper,
  braintreeGateway,
  braintreeAmount,
  braintreeChanges,
  lineChanges,
  type BraintreeCredentials,
  type BraintreeBookkeeperOptions,
} from './bookkeepers/braintree-bookkeeper';
export { BookkeeperSelector, bookkeeperType, type BookkeeperType, type BookkeeperChoice, type BookkeeperFactory, type BookkeeperSelectorOptions } from './bookkeepers/select-bookkeeper';
export { queueTransactions } from './bookkeepers/queue-transactions';
export { TRANSACTION_CODES, type Transaction, type TransactionReason, type NewTransaction, newTransaction, signedAmount } from './ledger/transaction';
export { ledgerOf, saveTransaction, saveTransactionOnce, findTransaction, TRANSACTION_KEY, TransactionKeyTaken, listTransactions, balance, accountModbs } from './ledger/ledger';
export { decideLowBalance, lowBalanceThreshold, markLowBalance, type LowBalanceDecision, type LowBalanceFields } from './ledger/low-balance';
export { SERVICES_CONFIG, SERVICES_DEFAULTS, type ServicesConfig, servicesConfig } from './config';
export { accountItems, plansByVendor, type AccountItems } from './sync/account-items';
export { type SyncDeps, type SyncOutcome, syncClaimed, syncNow, backoffSeconds } from './sync/sync-account';
export { BraintreeStubServer, startBraintreeStub, createBraintreeCustomer, type RecordedCall, type StubSubscription, type StubPlan, type StubTransaction } from './testing/braintree-stub-server';
