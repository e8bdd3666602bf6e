// cb_rates `rates/number`: what a call to a number would be rated at. Tollgate adds `?duration=<s>`
// (the call's `Cost`) and `?explain=true` (which deck and why, every candidate and the filter that
// dropped it).
import type { CrossbarModule } from '../../core/types';
import { getAccountRateForNumber, getRateForNumber } from './rate-number';

export const ratesNumberModule: CrossbarModule = {
  name: 'rates_number',
  routes: () => [
    { method: 'GET', path: '/v2/rates/number/:number', handler: getRateForNumber },
    { method: 'GET', path: '/v2/accounts/:account_id/rates/number/:number', handler: getAccountRateForNumber },
  ],
};
