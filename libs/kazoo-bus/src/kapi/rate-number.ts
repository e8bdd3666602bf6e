// Tollgate's `rate.number` on callmgr, beside Kazoo's rate_req: crossbar's rates/number asks the
// rating service what a call to a number would be rated at, and who asks (the caller may name only
// the decks it may see). Answered on `targeted` under the requester's Server-ID.
import { defineApi } from '../api';

export const RATE_NUMBER_ROUTING_KEY = 'rate.number';

/** Crossbar waits this long for an answer (cb_rates waits 3 s for hotornot); a request older than that has no one to read the answer. */
export const RATE_NUMBER_TIMEOUT_MS = 3000;

export const rateNumberReq = defineApi({
  eventCategory: 'rate',
  eventName: 'number_req',
  required: ['Number'],
  optional: ['Ratedeck-ID', 'Direction', 'From-DID', 'Resource-ID', 'Explain', 'Duration', 'Caller-Account-ID', 'Caller-Sees-All-Ratedecks'],
  values: { Direction: ['inbound', 'outbound'] },
  types: {
    Explain: 'boolean',
    Duration: (v) => Number.isSafeInteger(v) && (v as number) >= 0,
    'Caller-Account-ID': 'string',
    'Caller-Sees-All-Ratedecks': 'boolean',
  },
});

/** `Outcome`: `rated` (with `Rate`, the REST view), `no_rate` (with `Reason`), `unrateable` (not a number rating accepts), `forbidden` (a deck the caller may not name). */
export const rateNumberResp = defineApi({
  eventCategory: 'rate',
  eventName: 'number_resp',
  required: ['Outcome'],
  optional: ['E164-Number', 'Rate', 'Reason', 'Explain'],
  values: { Outcome: ['rated', 'no_rate', 'unrateable', 'forbidden'] },
  types: { Rate: 'object', Explain: 'object' },
});

/**
 * Tollgate's `rate.numbers`: many rate.number questions in one message, answered in one, in the
 * same order — for a service pricing a batch of finished calls (charging), which would otherwise
 * make one round trip per call. Each query holds rate.number's request fields (`Number`,
 * `Account-ID`, `Ratedeck-ID`, `Direction`, `From-DID`, `Resource-ID`, `Duration`); each answer
 * rate.number's reply fields (`Outcome`, `E164-Number`, `Rate`, `Reason`). No caller is named: the
 * asker is a service on the bus, and rating answers from its memory.
 */
export const RATE_NUMBERS_ROUTING_KEY = 'rate.numbers';
/** Queries per rate.numbers request at most. */
export const RATE_NUMBERS_MAX = 1000;

const QUERY_FIELDS = new Set(['Number', 'Account-ID', 'Ratedeck-ID', 'Direction', 'From-DID', 'Resource-ID', 'Duration']);

/** One query of a rate.numbers request: rate.number's fields, with its types and values. */
export function isRateNumberQuery(q: unknown): boolean {
  if (typeof q !== 'object' || q === null || Array.isArray(q)) return false;
  const r = q as Record<string, unknown>;
  if (Object.keys(r).some((k) => !QUERY_FIELDS.has(k))) return false;
  if (typeof r.Number !== 'string' && typeof r.Number !== 'number') return false;
  if (r.Direction !== undefined && r.Direction !== 'inbound' && r.Direction !== 'outbound') return false;
  if (r.Duration !== undefined && !(Number.isSafeInteger(r.Duration) && (r.Duration as number) >= 0)) return false;
  return ['Account-ID', 'Ratedeck-ID', 'From-DID', 'Resource-ID'].every((k) => r[k] === undefined || typeof r[k] === 'string');
}

export const rateNumbersReq = defineApi({
  eventCategory: 'rate',
  eventName: 'numbers_req',
  required: ['Queries'],
  types: { Queries: (v) => Array.isArray(v) && v.length <= RATE_NUMBERS_MAX && v.every(isRateNumberQuery) },
});

export const rateNumbersResp = defineApi({
  eventCategory: 'rate',
  eventName: 'numbers_resp',
  required: ['Answers'],
  types: { Answers: 'array' },
});
