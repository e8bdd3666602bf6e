export { type AmountResult, isNonNegativeNumber, parseExactAmount } from './exact-amount';
export { RATE_COLUMN_ALIASES, RATE_DOC_FIELDS, RATE_MANDATORY_FIELDS, RATE_OPTIONAL_FIELDS, type RateField } from './rate-fields';
export {
  callerIdRegexes,
  constrainWeight,
  DEFAULT_WEIGHT,
  defaultRoute,
  generateRateName,
  generateWeight,
  RATE_TYPE,
  rateId,
} from './rate-rules';
export { type BuildOptions, buildRateDoc, DIRECTIONS, type Direction, isRateDoc, type RateDoc, type RateInput, routeWarnings } from './rate-doc';
export { cellsByHeader, parseRateRow, type RowResult } from './rate-row';
export { type JsonRateResult, publicRate, rateFromJson } from './rate-from-json';
export { isRatedeckId, ratedeckDbFor, ratedeckIdProblem } from './ratedeck-id';
export { rateToCsvCells } from './rate-export';
export {
  type FieldLimit,
  MAX_EXTRA_FIELD_JSON_LENGTH,
  MAX_EXTRA_FIELDS,
  MAX_NUMBER_CELL_LENGTH,
  RATE_FIELD_LIMITS,
} from './rate-field-limits';
export {
  claimRatedeck,
  RATEDECK_OWNER_DOC_ID,
  RATEDECK_OWNER_TYPE,
  type RatedeckOwnerDoc,
  type RatedeckStanding,
  ratedeckStanding,
} from './ratedeck-owner';
export { isRatedeckAdmin, type RatedeckActor, ratedeckWriteProblem } from './ratedeck-access';
