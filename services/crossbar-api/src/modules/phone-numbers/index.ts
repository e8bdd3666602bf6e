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
    { method: 'GET', path: '/v2/phone_numbers', auth: 'optional', handler: publicSearch },
    { method: 'GET', path: '/v2/phone_numbers/classifiers', auth: 'none', handler: listClassifiers },
    { method: 'GET', path: '/v2/phone_numbers/classifiers/:number', auth: 'none', handler: classifyOne },
    // Under an account path the account is checked like any other (the same answers are public above).
    { method: 'GET', path: `${BASE}/classifiers`, handler: listAccountClassifiers },
    { method: 'GET', path: `${BASE}/classifiers/:number`, handler: classifyForAccount },
    { method: 'GET', path: BASE, handler: listAccountNumbers },
    { method: 'PUT', path: `${BASE}/collection`, handler: createCollection },
    { method: 'PUT', path: `${BASE}/collection/activate`, handler: activateCollection },
    { method: 'PUT', path: `${BASE}/collection/reserve`, handler: reserveCollection },
    { method: 'POST', path: `${BASE}/collection`, handler: updateCollection },
    { method: 'DELETE', path: `${BASE}/collection`, body: 'json', handler: releaseCollection },
    { method: 'GET', path: `${BASE}/:number`, handler: getNumber },
    { method: 'PUT', path: `${BASE}/:number`, handler: createNumber },
    { method: 'POST', path: `${BASE}/:number`, handler: updateNumber },
    { method: 'PATCH', path: `${BASE}/:number`, handler: updateNumber },
    { method: 'DELETE', path: `${BASE}/:number`, handler: releaseNumber },
    { method: 'PUT', path: `${BASE}/:number/activate`, handler: activateNumber },
    { method: 'PUT', path: `${BASE}/:number/reserve`, handler: reserveNumber },
  ],
};
