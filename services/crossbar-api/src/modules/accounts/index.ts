// cb_accounts: the account tree over HTTP (seed 004). The route table; one handler file per verb group beside it.
import type { CrossbarModule } from '../../core/types';
import { getApiKey, putApiKey } from './api-key';
import { getAccount, patchAccount, postAccount, putAccount, removeAccount } from './crud';
import { move } from './move';
import { demote, promote } from './reseller';
import { ancestors, children, descendants, siblings } from './tree';

const ONE = '/v2/accounts/:account_id';

export const accountsModule: CrossbarModule = {
  name: 'accounts',
  routes: () => [
    { method: 'PUT', path: '/v2/accounts', handler: putAccount },
    { method: 'PUT', path: ONE, handler: putAccount },
    { method: 'GET', path: ONE, handler: getAccount },
    { method: 'POST', path: ONE, handler: postAccount },
    { method: 'PATCH', path: ONE, handler: patchAccount },
    { method: 'DELETE', path: ONE, handler: removeAccount },
    { method: 'GET', path: `${ONE}/children`, handler: children },
    { method: 'GET', path: `${ONE}/descendants`, handler: descendants },
    { method: 'GET', path: `${ONE}/siblings`, handler: siblings },
    { method: 'GET', path: `${ONE}/parents`, handler: ancestors },
    { method: 'GET', path: `${ONE}/tree`, handler: ancestors },
    { method: 'GET', path: `${ONE}/api_key`, handler: getApiKey },
    { method: 'PUT', path: `${ONE}/api_key`, handler: putApiKey },
    { method: 'PUT', path: `${ONE}/reseller`, handler: promote },
    { method: 'DELETE', path: `${ONE}/reseller`, handler: demote },
    { method: 'POST', path: `${ONE}/move`, handler: move },
  ],
};
