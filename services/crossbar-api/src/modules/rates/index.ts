// cb_rates: rates of a ratedeck (`?ratedeck_id=`, default `ratedeck`) and the list of ratedecks.
// Every route is for an admin of the superduper_admin account (route-policy.ts); the rates
// themselves are read and written by the ratedecks module. `rates/number` is its own module.
import type { CrossbarModule } from '../../core/types';
import { deleteRate, getRate, patchRate, postRate, putRate } from './crud';
import { listRates } from './list';
import { getRatedecks } from './ratedecks';

const A = '/v2/accounts/:account_id';
const DECK = { ratedeck_id: 'the ratedeck (default: ratedeck)' };

export const ratesModule: CrossbarModule = {
  name: 'rates',
  routes: () => [
    { method: 'GET', path: '/v2/rates', doc: { summary: 'the rates of a ratedeck (paged)', csv: true, response: { type: 'array' }, query: DECK }, handler: listRates },
    { method: 'PUT', path: '/v2/rates', doc: { summary: 'create a rate', request: 'rates', query: DECK }, handler: putRate },
    { method: 'GET', path: '/v2/rates/ratedecks', doc: { summary: 'the ratedecks and their rate counts', response: { type: 'array' } }, handler: getRatedecks },
    { method: 'GET', path: '/v2/rates/:rate_id', doc: { summary: 'one rate', query: DECK }, handler: getRate },
    { method: 'POST', path: '/v2/rates/:rate_id', doc: { summary: 'replace a rate', request: 'rates', query: DECK }, handler: postRate },
    { method: 'PATCH', path: '/v2/rates/:rate_id', doc: { summary: 'change some fields of a rate', request: 'rates', query: DECK }, handler: patchRate },
    { method: 'DELETE', path: '/v2/rates/:rate_id', doc: { summary: 'delete a rate', query: DECK }, handler: deleteRate },
    { method: 'GET', path: `${A}/rates`, doc: { summary: 'the rates of a ratedeck (paged)', csv: true, response: { type: 'array' }, query: DECK }, handler: listRates },
    { method: 'PUT', path: `${A}/rates`, doc: { summary: 'create a rate', request: 'rates', query: DECK }, handler: putRate },
    { method: 'GET', path: `${A}/rates/ratedecks`, doc: { summary: 'the ratedecks and their rate counts', response: { type: 'array' } }, handler: getRatedecks },
    { method: 'GET', path: `${A}/rates/:rate_id`, doc: { summary: 'one rate', query: DECK }, handler: getRate },
    { method: 'POST', path: `${A}/rates/:rate_id`, doc: { summary: 'replace a rate', request: 'rates', query: DECK }, handler: postRate },
    { method: 'PATCH', path: `${A}/rates/:rate_id`, doc: { summary: 'change some fields of a rate', request: 'rates', query: DECK }, handler: patchRate },
    { method: 'DELETE', path: `${A}/rates/:rate_id`, doc: { summary: 'delete a rate', query: DECK }, handler: deleteRate },
  ],
};
