// cb_rates: rates of a ratedeck (`?ratedeck_id=`, default `ratedeck`) and the list of ratedecks.
// Every route is for an admin of the superduper_admin account (route-policy.ts); the rates
// themselves are read and written by the ratedecks module. `rates/number` is its own module.
import type { CrossbarModule } from '../../core/types';
import { deleteRate, getRate, patchRate, postRate, putRate } from './crud';
import { listRates } from './list';
import { getRatedecks } from './ratedecks';

const A = '/v2/accounts/:account_id';

export const ratesModule: CrossbarModule = {
  name: 'rates',
  routes: () => [
    { method: 'GET', path: '/v2/rates', handler: listRates },
    { method: 'PUT', path: '/v2/rates', handler: putRate },
    { method: 'GET', path: '/v2/rates/ratedecks', handler: getRatedecks },
    { method: 'GET', path: '/v2/rates/:rate_id', handler: getRate },
    { method: 'POST', path: '/v2/rates/:rate_id', handler: postRate },
    { method: 'PATCH', path: '/v2/rates/:rate_id', handler: patchRate },
    { method: 'DELETE', path: '/v2/rates/:rate_id', handler: deleteRate },
    { method: 'GET', path: `${A}/rates`, handler: listRates },
    { method: 'PUT', path: `${A}/rates`, handler: putRate },
    { method: 'GET', path: `${A}/rates/ratedecks`, handler: getRatedecks },
    { method: 'GET', path: `${A}/rates/:rate_id`, handler: getRate },
    { method: 'POST', path: `${A}/rates/:rate_id`, handler: postRate },
    { method: 'PATCH', path: `${A}/rates/:rate_id`, handler: patchRate },
    { method: 'DELETE', path: `${A}/rates/:rate_id`, handler: deleteRate },
  ],
};
