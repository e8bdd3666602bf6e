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
