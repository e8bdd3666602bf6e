// The exact rates a batch of finished calls is charged on, asked of rating over the bus
// (`rate.number`, @tollgate/kazoo-bus kapi/rate-number.ts, the request crossbar's rates/number
// makes): for the account and the number, and for the reseller's own account and the number,
// each with the call's billing seconds as `Duration` so rating prices the call with the rate's own
// no-charge time. The same question asked twice in a batch is asked once; all are asked at once.
// No answer in time (rating away), or no rate: undefined — the call is then charged on its CCVs.
import type { ExactRate } from '@tollgate/calls';
import { type Bus, isBusError, type KazooMessage, RATE_NUMBER_ROUTING_KEY, RATE_NUMBER_TIMEOUT_MS, rateNumberReq, rateNumberResp } from '@tollgate/kazoo-bus';
import { createLogger } from '@tollgate/log';
import { dollarsToUnits, formatAmount, parseAmount } from '@tollgate/money';

const log = createLogger('charging');

export interface RateQuery {
  accountId: string;
  number: string;
  direction?: 'inbound' | 'outbound';
  from?: string;
  resourceId?: string;
  /** Whole seconds ≥ 0. */
  durationSeconds: number;
}

export type RateLookup = (query: RateQuery) => Promise<ExactRate | undefined>;

function decimalText(v: unknown): string | undefined {
  const d = parseAmount(v);
  return d && !d.isNegative() ? formatAmount(d) : undefined;
}

function wholeOf(v: unknown): number | undefined {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/** rating's REST view of a rate (dollars as JSON numbers, the carrier's exact decimals) as an ExactRate. */
export function exactRateOf(view: Record<string, unknown>): ExactRate | undefined {
  const costPerMinute = decimalText(view.Rate);
  const increment = wholeOf(view['Rate-Increment']);
  const minimum = wholeOf(view['Rate-Minimum']);
  if (costPerMinute === undefined || increment === undefined || minimum === undefined) return undefined;
  const cost = decimalText(view.Cost);
  const rate: ExactRate = { costPerMinute, surcharge: decimalText(view.Surcharge) ?? '0', increment, minimum };
  if (typeof view['Rate-Name'] === 'string') rate.name = view['Rate-Name'];
  if (typeof view['Rate-Description'] === 'string') rate.description = view['Rate-Description'];
  if (typeof view['Ratedeck-ID'] === 'string') rate.ratedeckId = view['Ratedeck-ID'];
  if (cost !== undefined) rate.callUnits = dollarsToUnits(cost);
  return rate;
}

/** rate.number over the bus. */
export function busRateLookup(bus: Bus, timeoutMs = RATE_NUMBER_TIMEOUT_MS): RateLookup {
  return async (q) => {
    const request = rateNumberReq.build(
      { Number: q.number, 'Account-ID': q.accountId, Direction: q.direction, 'From-DID': q.from, 'Resource-ID': q.resourceId, Duration: q.durationSeconds },
      bus.envelope(),
    );
    let resp: KazooMessage;
    try {
      resp = await bus.rpc('callmgr', RATE_NUMBER_ROUTING_KEY, request, { timeoutMs, accept: (r) => rateNumberResp.validate(r).ok });
    } catch (err) {
      if (!isBusError(err)) throw err;
      log.warn('no rate.number answer; the call is charged on its CCVs', { account: q.accountId, number: q.number, error: err.message });
      return undefined;
    }
    if (resp.Outcome !== 'rated' || typeof resp.Rate !== 'object' || resp.Rate === null) return undefined;
    return exactRateOf(resp.Rate as Record<string, unknown>);
  };
}

/** A lookup that asks each distinct question once (one per batch). */
export function onceEach(lookup: RateLookup): RateLookup {
  const asked = new Map<string, Promise<ExactRate | undefined>>();
  return (q) => {
    const key = JSON.stringify([q.accountId, q.number, q.direction, q.from, q.resourceId, q.durationSeconds]);
    let answer = asked.get(key);
    if (!answer) {
      answer = lookup(q);
      asked.set(key, answer);
    }
    return answer;
  };
}
