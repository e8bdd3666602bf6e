export { Decimal } from 'decimal.js';
export {
  UNITS_PER_DOLLAR,
  MAX_AMOUNT_DOLLARS,
  type Units,
  dollarsToUnits,
  unitsToDollars,
  unitsToDecimal,
  parseAmount,
  toDecimal,
  isAmount,
  formatAmount,
  sumUnits,
} from './units';
export { billedSeconds, type CallCostOptions, type CallRate, callCost } from './call-cost';
