export { NUMBER_MANAGER_CATEGORY } from './number-manager-config';
export {
  DEFAULT_E164_CONVERTERS,
  DEFAULT_RECONCILE_REGEX,
  type E164Converter,
  type E164Converters,
  isReconcilable,
  type NormalizeOptions,
  normalizeNumber,
  toE164,
} from './e164';
export {
  type Classifier,
  type ClassifierSettings,
  classifierFor,
  classifiersFromConfig,
  classifyNumber,
  DEFAULT_CLASSIFIERS,
  defaultClassifiers,
  readClassifiers,
} from './classifiers';
export { carrierModuleName, DEFAULT_CARRIER_BILLABLE, isCarrierBillable } from './carrier-billing';
export { accountNumberDocs, listAccountNumbers } from './account-listing';
export { type AccountNumber, featureNames, isNumberDoc, type NumberDoc, stateOf } from './number-doc';
export { isNumberState, NUMBER_STATES, type NumberState } from './number-states';
export { type AccountTrees, type Actor, controls, fetchTrees, isAncestorOrSelf, SYSTEM_ACTOR } from './hierarchy';
export { type KnmErrorJson, knmErrors } from './knm-errors';
export {
  canTransition,
  HELD_STATES,
  isVisibleTo,
  type Plan,
  type PlanContext,
  planActivate,
  planMove,
  planRelease,
  planReserve,
  type ReleaseOutcome,
  type ReleaseSettings,
  TRANSITIONS,
} from './lifecycle';
export { allowedCreationStates, type CreatorFacts, creationModule, featuresFrom } from './creation';
export { type Carrier, type CarrierHit, carrierModule, knownCarrierModules, TEST_CARRIER_NPAS, testCarrier } from './carriers';
export { readNumber, writeNumber, newNumberDoc, type NewNumber } from './number-store';
export { afterNumberWrite, ensureAccountCopy, holderOf, markServicesDirty } from './side-effects';
export { type ImportEntry, type ImportResult, importNumbers } from './inventory-import';
export { type SearchRequest, type SearchResult, searchNumbers, searchPrefix } from './search';
export { cleanPublicFields, type CreateRequest, NumberManager, type NumberManagerDeps } from './number-manager';
export { listingEntry, numberPublicJson } from './public-json';
export {
  allowsAnonymousLookup,
  readCarrierModules,
  readMaximumCollectionSize,
  readMaximumSearchQuantity,
  readNormalizeOptions,
  readReleaseSettings,
} from './number-settings';
export { type CrawlReport, crawlNumbers } from './crawl';
export { numberManagerSource } from './number-manager-source';
