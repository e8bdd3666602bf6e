// cb_cdrs (Kazoo 4.3), read only, on the calls module's CDR docs: an account's or a user's CDRs
// in a time range (paged; CSV with Kazoo's columns) and one CDR. Handlers: ./read.ts.
import type { CrossbarModule } from '../../core/types';
import { accountCdrs, oneCdr, userCdrs } from './read';

const A = '/v2/accounts/:account_id';

export const cdrsModule: CrossbarModule = {
  name: 'cdrs',
  routes: () => [
    { method: 'GET', path: `${A}/cdrs`, doc: { summary: "the account's CDRs (range, paging)", csv: true, response: { type: 'array' }, query: { created_from: 'Gregorian seconds', created_to: 'Gregorian seconds', utc_offset: 'for the CSV times' } }, handler: accountCdrs },
    { method: 'GET', path: `${A}/cdrs/:cdr_id`, doc: { summary: 'one CDR' }, handler: oneCdr },
    { method: 'GET', path: `${A}/users/:user_id/cdrs`, doc: { summary: "a user's CDRs", csv: true, response: { type: 'array' } }, handler: userCdrs },
  ],
};
