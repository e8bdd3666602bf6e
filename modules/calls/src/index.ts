// @tollgate/calls: what Kazoo's jonny5 and cdr apps decide about a call — its account's limits,
// whether it may start, which calls are up, what it cost once it ended, and its CDR.

// Limits (kzd_limits, j5_limits)
export { KAZOO_LIMIT_DEFAULTS, type LimitDefaults, type Limits, LIMITS_DOC_ID, type LimitsDoc, limitsOf, type Tristate } from './limits/limits';
export { loadLimitDefaults, startLimitDefaults } from './limits/limit-defaults';
export { BALANCE_MANAGEMENT, type BalanceManagement, balanceManagementFields, balanceManagementOf, isBalanceManagement } from './limits/balance-management';
export { newLimitsDoc, readLimitsDoc } from './limits/limits-store';
export { limitsJson } from './limits/limits-json';
export { limitsChange, saveLimits } from './limits/save-limits';

// Authorization (j5_authz_req, j5_balance_check_req, j5_channels)
export { type ActiveRate, type AuthzRequest, authzRequestOf, ccvRateOf, type Direction, rateCcvsOf } from './authz/authz-request';
export { type AccountUsage, type ActiveCall, ActiveCalls, runningCallCost } from './authz/active-calls';
export {
  type AuthorizeInput,
  authorizeCall,
  type AuthzDecision,
  DEFAULT_FLAT_RATE_NUMBERS,
  type FlatRateNumbers,
  flatRateBilling,
  hasCredit,
  isFlatRateNumber,
  type PartyState,
  perMinuteWay,
  type PrepaidParty,
} from './authz/authorize-call';
export { maxCallSeconds } from './authz/max-call-seconds';
export { type AuthzSettings, DEFAULT_ACTIVE_CALL_MAX_AGE_S, loadAuthzSettings, startAuthzSettings } from './authz/config';
export { LimitsCache, type LimitsCacheOptions } from './authz/limits-cache';
export { ACTIVE_CALLS_DB, activeCallDoc, activeCallOf, ActiveCallsStore, type ActiveCallsStoreOptions, SNAPSHOT_MS } from './authz/active-calls-store';
// Charging
export { type ChargeSettings, type CdrSettings, loadChargeSettings, startChargeSettings } from './charge/config';
export { DEFAULT_BILLING, type FinishedCall, finishedCallOf, PER_MINUTE } from './charge/finished-call';
export { customerPrice, type ExactRate, isSameRate, type Price, type RateSource, resellerPrice } from './charge/call-price';
export { type CallAllotment, type CallCharge, type CallRates, chargeCall, type ChargeOptions, isPerMinute } from './charge/charge-call';
export { type RecordedCharges, recordCharges } from './charge/record-charges';
export { ANONYMOUS_CDR_DB, type CdrBilling, type CdrDoc, cdrDocId, cdrDocOf } from './cdr/cdr-doc';
export { cdrIgnored } from './cdr/cdr-rules';
export type { CdrWrite } from './cdr/save-cdrs';

// Reads for the REST API
export { cdrColumns, cdrDetail, cdrRow, type CdrRowOptions, type CdrViewer, seesResellerCost } from './cdr-reads/cdr-columns';
export { type CdrsPage, type CdrsQuery, findCdr, isCdrListingKey, listCdrs } from './cdr-reads/list-cdrs';
export type { StoredCdr } from './cdr-reads/cdr-doc';

// Allotments (free minutes: j5_allotments, cb_allotments)
export {
  ALLOTMENT_CONSUMPTION,
  type Allotment,
  type AllotmentCall,
  allotmentOf,
  allotmentsOf,
  type Consumption,
  type ConsumptionDoc,
  consume,
  consumptionDoc,
  consumptionDocId,
  CYCLES,
  type Cycle,
  type CycleBounds,
  cycleOf,
  findAllotment,
  PACKAGE_ALLOTMENT_KEY,
  packageAllotment,
  roundedConsumption,
} from './allotments/allotments';
export { type ConsumedRow, type ConsumedSummary, type ConsumptionWrite, consumedBetween, consumedSummary, packageFreeMinutes, readAllotments, saveConsumptions } from './allotments/allotment-store';
export { type AllotmentCandidate, type AllotmentPlan, AllotmentUsage, type AllotmentUsageDeps } from './allotments/allotment-usage';
export { allotmentsProblems, readAllotmentsJson, saveAllotments } from './allotments/save-allotments';
