// The exact rates a batch of finished calls is charged on, asked of rating over the bus
// (@tollgate/kazoo-bus kapi/rate-number.ts, the questions crossbar's rates/number asks): for the
// account and the number, and for the reseller's own account and the number, each with the call's billing seconds as `Duration` so rating prices the call with the rate's own
// no-charge time. A batch's questions go in `rate.numbers` messages (rate.number's questions, many
// per message: one round trip instead of one per call); the same question is asked once.
// No answer in time (rating away), or no rate: undefined — the call is then charged on its CCVs.
import type { ExactRate } from '@tollgate/calls';
import { type Bus, isBusError, type KazooMessage, RATE_NUMBER_TIMEOUT_MS, RATE_NUMBERS_MAX, RATE_NUMBERS_ROUTING_KEY, rateNumbersReq, rateNumbersResp } from '@tollgate/kazoo-bus';
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

/** The rates of many queries at once, in order; undefined where there is none (or no answer came). */
export type RateLookup = (queries: readonly RateQuery[]) => Promise<(ExactRate | undefined)[]>;

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

function answerOf(answer: unknown): ExactRate | undefined {
  if (typeof answer !== 'object' || answer === null) return undefined;
  const a = answer as Record<string, unknown>;
  if (a.Outcome !== 'rated' || typeof a.Rate !== 'object' || a.Rate === null) return undefined;
  const rate = exactRateOf(a.Rate as Record<string, unknown>);
  if (rate && typeof a['ISO-Country-Code'] === 'string' && /^[A-Z]{2}$/.test(a['ISO-Country-Code'])) rate.isoCountryCode = a['ISO-Country-Code'];
  return rate;
}

function queryFields(q: RateQuery): Record<string, unknown> {
  const out: Record<string, unknown> = { Number: q.number, 'Account-ID': q.accountId, Duration: q.durationSeconds };
  if (q.direction) out.Direction = q.direction;
  if (q.from) out['From-DID'] = q.from;
  if (q.resourceId) out['Resource-ID'] = q.resourceId;
  return out;
}

/** One rate.numbers round trip for up to RATE_NUMBERS_MAX queries. */
async function askRating(bus: Bus, queries: readonly RateQuery[], timeoutMs: number): Promise<(ExactRate | undefined)[]> {
  const request = rateNumbersReq.build({ Queries: queries.map(queryFields) }, bus.envelope());
  let resp: KazooMessage;
  try {
    resp = await bus.rpc('callmgr', RATE_NUMBERS_ROUTING_KEY, request, { timeoutMs, accept: (r) => rateNumbersResp.validate(r).ok });
  } catch (err) {
    if (!isBusError(err)) throw err;
    log.warn('no rate.numbers answer; these calls are charged on their CCVs', { queries: queries.length, error: err.message });
    return queries.map(() => undefined);
  }
  const answers = Array.isArray(resp.Answers) ? resp.Answers : [];
  return queries.map((_, i) => answerOf(answers[i]));
}

/** rating over the bus: `rate.numbers`, RATE_NUMBERS_MAX queries a message, the messages at once. */
export function busRateLookup(bus: Bus, timeoutMs = RATE_NUMBER_TIMEOUT_MS): RateLookup {
  return async (queries) => {
    const chunks: RateQuery[][] = [];
    for (let i = 0; i < queries.length; i += RATE_NUMBERS_MAX) chunks.push(queries.slice(i, i + RATE_NUMBERS_MAX));
    return (await Promise.all(chunks.map((chunk) => askRating(bus, chunk, timeoutMs)))).flat();
  };
}

/** Asks each distinct query once: a batch's calls share the answers to the same question. */
export async function lookupOnce(lookup: RateLookup, queries: readonly RateQuery[]): Promise<(ExactRate | undefined)[]> {
  const keyOf = (q: RateQuery) => JSON.stringify([q.accountId, q.number, q.direction, q.from, q.resourceId, q.durationSeconds]);
  const distinct = new Map<string, RateQuery>();
  for (const q of queries) if (!distinct.has(keyOf(q))) distinct.set(keyOf(q), q);
  const keys = [...distinct.keys()];
  const answers = keys.length === 0 ? [] : await lookup([...distinct.values()]);
  const byKey = new Map(keys.map((k, i) => [k, answers[i]]));
  return queries.map((q) => byKey.get(keyOf(q)));
}
