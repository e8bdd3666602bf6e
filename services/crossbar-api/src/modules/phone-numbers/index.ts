// cb_phone_numbers (Kazoo 4.3): search, classifiers, an account's listing, per-number CRUD,
// activate/reserve and the /collection operations. Handlers live beside this route table; the
// rules in @tollgate/numbers.
import type { CrossbarModule } from '../../core/types';
import { classifyForAccount, classifyOne, listAccountClassifiers, listClassifiers } from './classifiers';
import { activateCollection, createCollection, releaseCollection, reserveCollection, updateCollection } from './collection';
import { listAccountNumbers } from './listing';
import { activateNumber, createNumber, getNumber, releaseNumber, reserveNumber, updateNumber } from './number';
import { publicSearch } from './search';

const BASE = '/v2/accounts/:account_id/phone_numbers';

export const phoneNumbersModule: CrossbarModule = {
  name: 'phone_numbers',
  routes: () => [
    { method: 'GET', path: '/v2/phone_numbers', auth: 'optional', doc: { summary: 'search the available numbers', query: { prefix: 'number prefix', quantity: 'how many', country: 'country code' } }, handler: publicSearch },
    { method: 'GET', path: '/v2/phone_numbers/classifiers', auth: 'none', doc: { summary: 'the number classifiers (tollfree, international, …)' }, handler: listClassifiers },
    { method: 'GET', path: '/v2/phone_numbers/classifiers/:number', auth: 'none', doc: { summary: 'which classifier a number falls in' }, handler: classifyOne },
    // Under an account path the account is checked like any other (the same answers are public above).
    { method: 'GET', path: `${BASE}/classifiers`, doc: { summary: "the account's number classifiers" }, handler: listAccountClassifiers },
    { method: 'GET', path: `${BASE}/classifiers/:number`, doc: { summary: 'which of the account\'s classifiers a number falls in' }, handler: classifyForAccount },
    { method: 'GET', path: BASE, doc: { summary: "the account's numbers", query: { prefix: 'number prefix', filter_state: 'only numbers in this state', created_from: 'Gregorian seconds', created_to: 'Gregorian seconds' } }, handler: listAccountNumbers },
    { method: 'PUT', path: `${BASE}/collection`, doc: { summary: 'add several numbers at once' }, handler: createCollection },
    { method: 'PUT', path: `${BASE}/collection/activate`, doc: { summary: 'activate several numbers at once' }, handler: activateCollection },
    { method: 'PUT', path: `${BASE}/collection/reserve`, doc: { summary: 'reserve several numbers at once' }, handler: reserveCollection },
    { method: 'POST', path: `${BASE}/collection`, doc: { summary: 'update several numbers at once' }, handler: updateCollection },
    { method: 'DELETE', path: `${BASE}/collection`, body: 'json', doc: { summary: 'release several numbers at once' }, handler: releaseCollection },
    { method: 'GET', path: `${BASE}/:number`, doc: { summary: 'one number' }, handler: getNumber },
    { method: 'PUT', path: `${BASE}/:number`, doc: { summary: 'add a number to the account' }, handler: createNumber },
    { method: 'POST', path: `${BASE}/:number`, doc: { summary: 'update a number' }, handler: updateNumber },
    { method: 'PATCH', path: `${BASE}/:number`, doc: { summary: 'change some fields of a number' }, handler: updateNumber },
    { method: 'DELETE', path: `${BASE}/:number`, doc: { summary: 'release a number', query: { hard: 'true: delete it for good' } }, handler: releaseNumber },
    { method: 'PUT', path: `${BASE}/:number/activate`, doc: { summary: 'activate a number' }, handler: activateNumber },
    { method: 'PUT', path: `${BASE}/:number/reserve`, doc: { summary: 'reserve a number' }, handler: reserveNumber },
  ],
};
