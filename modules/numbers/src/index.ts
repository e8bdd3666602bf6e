// @tollgate/numbers: Kazoo's number manager (knm). NumberManager is the one way to change a number;
// the rest is what hosts read (settings, listings, public JSON) and the pure rules rating shares.
export { carrierBillable, loadNumbersSettings, NUMBER_MANAGER_CATEGORY, normalizeOptionsOf, numbersSettings } from './config';
export { cleanPublicFields, NumberManager } from './number-manager';
export { numberManagerSource } from './number-manager-source';
export { accountNumberDocs, countHeldNumbers, listAccountNumbers } from './store/account-listing';
export { lookupNumberAccount, type NumberAccount } from './store/number-account';
export { readNumber } from './store/number-store';
export { type Classifier, classifierFor, classifiersFromConfig, classifyNumber, defaultClassifiers } from './domain/classifiers';
export { DEFAULT_E164_CONVERTERS, DEFAULT_RECONCILE_REGEX, isReconcilable, normalizeNumber, toE164 } from './domain/e164';
export type { Actor } from './domain/hierarchy';
export { featureNames, type NumberDoc, stateOf } from './domain/number-doc';
export { isNumberState, type NumberState } from './domain/number-states';
export { classifierTable, listingEntry, numberPublicJson } from './domain/public-json';
