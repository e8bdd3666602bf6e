// Ratedecks: the `ratedeck` and `ratedeck/<id>` dbs, their rates and owners; how decks are named;
// which deck rates an account; who may write into and rate with which deck. The only code that
// writes into ratedeck dbs.

// Names
export {
  DEFAULT_RATEDECK,
  isRatedeckId,
  ratedeckDb,
  ratedeckIdFromDb,
  ratedeckIdOf,
  ratedeckIdProblem,
  parseRatedeckVersionDb,
  ratedeckVersionDb,
} from './domain/ratedeck-names';
export {
  configuredDefaultRatedeck,
  HOTORNOT,
  loadRatedeckSettings,
  loadRatedeckVersionSettings,
  RATEDECK_VERSIONS_CONFIG,
  type RatedeckVersionSettings,
} from './config';

// Which deck rates an account, who writes and who rates with it
export { type AccountRatedeck, type AccountRatedeckLookup, chooseRatedeck, type DeckChoice } from './domain/choose-ratedeck';
export { deckServesAccount } from './domain/deck-serves-account';
export { ratedeckVisibilityProblem } from './domain/ratedeck-visibility';
export { isRatedeckAdmin, ratedeckWriteProblem } from './domain/ratedeck-access';
export { RATEDECK_OWNER_DOC_ID, ratedeckOwnerOf } from './domain/ratedeck-owner-doc';

// Rates
export type { RateDoc } from './domain/rate-doc';
export { DEFAULT_WEIGHT, defaultRoute, generateRateName, RATE_TYPE, rateId } from './domain/rate-rules';
export { RATE_DOC_FIELDS, RATE_MANDATORY_FIELDS, RATE_OPTIONAL_FIELDS } from './domain/rate-fields';
export { cellsByHeader, parseRateRow } from './domain/rate-row';
export { rateFromJson } from './domain/rate-from-json';
export { rateToCsvCells } from './domain/rate-export';

// Store
export { claimRatedeck, ratedeckStanding } from './store/ratedeck-owner';
export { listRatedeckAndVersionDbs, listRatedeckDbs, listRatedeckVersionDbs } from './store/ratedeck-dbs';
export {
  createRate,
  findLiveRate,
  listRatedecks,
  liveRatePage,
  liveRatePages,
  ratedeckExists,
  softDeleteRate,
  type StoredRate,
  updateRate,
} from './store/rate-store';
export { RateWriter } from './store/rate-writer';
export { retireRatesNotWrittenBy, softDeleteRates } from './store/retire-rates';

// Versions
export {
  activeVersionOf,
  RATEDECK_VERSIONS_DOC_ID,
  RATEDECK_VERSIONS_TYPE,
  type RatedeckVersionEntry,
  type RatedeckVersionsDoc,
  withRetention,
} from './domain/ratedeck-versions-doc';
export { DIFF_FIELDS, diffRates, type RateDiff, type RateDiffOptions } from './domain/rate-diff';
export {
  activateRatedeckVersion,
  activeRatedeckDb,
  activeRatedeckVersion,
  diffRatedeckVersion,
  finishStagedVersion,
  readRatedeckVersions,
  rollbackRatedeck,
  stageRatedeckVersion,
  type SwitchOutcome,
  type VersionDiff,
} from './store/ratedeck-versions';
