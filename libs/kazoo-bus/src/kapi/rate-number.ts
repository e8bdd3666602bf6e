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
