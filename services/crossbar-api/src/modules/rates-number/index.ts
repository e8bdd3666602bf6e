// cb_rates `rates/number`: what a call to a number would be rated at. Tollgate adds `?duration=<s>`
// (the call's `Cost`) and `?explain=true` (which deck and why, every candidate and the filter that
// dropped it).
import type { CrossbarModule } from '../../core/types';
import { getAccountRateForNumber, getRateForNumber } from './rate-number';

const RATE_NUMBER_QUERY = {
  ratedeck_id: 'a ratedeck the caller may see',
  duration: 'seconds: the answer has the cost of such a call',
  direction: 'inbound or outbound',
  explain: 'true: which deck and why, every candidate and the filter that dropped it',
};

export const ratesNumberModule: CrossbarModule = {
  name: 'rates_number',
  routes: () => [
    { method: 'GET', path: '/v2/rates/number/:number', doc: { summary: 'the rate the rating service picks for a number, with the cost of a call', query: RATE_NUMBER_QUERY, example: { 'Base-Cost': 0.1, 'E164-Number': '+15035551234', Prefix: '1503', Rate: 0.1, 'Rate-Description': 'BRONZE', 'Rate-Increment': 60, 'Rate-Minimum': '60', 'Rate-Name': '1503', 'Ratedeck-ID': 'ratedeck', Surcharge: 0 } }, handler: getRateForNumber },
    { method: 'GET', path: '/v2/accounts/:account_id/rates/number/:number', doc: { summary: 'the rate the account gets for a number (its effective ratedeck)', query: RATE_NUMBER_QUERY }, handler: getAccountRateForNumber },
  ],
};
