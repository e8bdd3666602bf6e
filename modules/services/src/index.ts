// @tollgate/services: Kazoo's services — service plans, the services doc of each account (its
// quantities and effective ratedeck), pricing, bookkeepers and the sync of one account. The one
// writer of the `services` db and of `service_plan` docs; hosts reach it through ServicesStore.
export { priceItems } from './pricing/price-items';
export { invoiceJson, invoiceLineJson } from './pricing/invoice-json';
export type { NumberSource } from './quantities/number-source';
export { countRecords, HELD_NUMBER_STATES, type RecordCounts } from './quantities/count-records';
export { billingIdOf, isReseller, type ServicesDoc, STATUS_GOOD } from './store/services-doc';
export { plansFingerprint } from './store/derived-fields';
export { accountPackageOf, ServicesView, type ServicesRatedeck } from './store/services-view';
export {
  alignAccountServices,
  createAccountServices,
  fetchServices,
  fetchServicesById,
  markAccountServicesDeleted,
  removeAccountServices,
  setResellerFlag,
} from './store/account-services';
export { ServicesStore } from './store/services-store';
export { BookkeeperSelector, type BookkeeperFactory } from './bookkeepers/select-bookkeeper';
export { MONTHLY_RECURRING_ID } from './bookkeepers/local-bookkeeper';
export { type SyncDeps, type SyncOutcome, syncClaimed, syncNow } from './sync/sync-account';
export type { EffectiveRatedeck } from './plan/effective-ratedeck';
export { isPackage, PACKAGE_DECK_PREFIX, type PackageSection, packageRatedeckId, withPackagePlan } from './plan/package-plan';
export type { ServicePlanDoc } from './plan/types';
export {
  DID_FEE_FIELDS,
  DID_FEES_CATEGORY,
  DID_FEES_DOC_ID,
  DID_FEES_PLAN_ID,
  type DidFees,
  type DidFeesDoc,
  didFeesPlan,
  didFeesProblems,
  effectiveDidFees,
} from './did-fees/did-fees';
export { didFeesJson, didFeesParts, readDidFees, saveDidFees } from './did-fees/did-fees-store';
