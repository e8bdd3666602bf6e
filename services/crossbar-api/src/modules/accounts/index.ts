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
    { method: 'PUT', path: '/v2/accounts', doc: { summary: "create an account under the caller's own account", request: 'accounts' }, handler: putAccount },
    { method: 'PUT', path: ONE, doc: { summary: 'create a child account under this account', request: 'accounts' }, handler: putAccount },
    { method: 'GET', path: ONE, doc: { summary: 'the account', query: { include_api_key: 'true: show the api key too (admins)' } }, handler: getAccount },
    { method: 'POST', path: ONE, doc: { summary: 'replace the account (its editable fields)', request: 'accounts' }, handler: postAccount },
    { method: 'PATCH', path: ONE, doc: { summary: 'change some fields of the account', request: 'accounts' }, handler: patchAccount },
    { method: 'DELETE', path: ONE, doc: { summary: 'mark the account deleted (nothing is destroyed)', query: { force: 'true: also when it has children' } }, handler: removeAccount },
    { method: 'GET', path: `${ONE}/children`, doc: { summary: 'the direct children of the account', response: { type: 'array' } }, handler: children },
    { method: 'GET', path: `${ONE}/descendants`, doc: { summary: 'every account below the account', response: { type: 'array' } }, handler: descendants },
    { method: 'GET', path: `${ONE}/siblings`, doc: { summary: 'the accounts beside the account (same parent)', response: { type: 'array' } }, handler: siblings },
    { method: 'GET', path: `${ONE}/parents`, doc: { summary: 'the ancestors of the account, most ancestral first', response: { type: 'array' } }, handler: ancestors },
    { method: 'GET', path: `${ONE}/tree`, doc: { summary: 'the ancestors of the account (as parents)', response: { type: 'array' } }, handler: ancestors },
    { method: 'GET', path: `${ONE}/api_key`, doc: { summary: "the account's api key (for PUT /v2/api_auth)" }, handler: getApiKey },
    { method: 'PUT', path: `${ONE}/api_key`, doc: { summary: 'issue a new api key (the old one stops working)' }, handler: putApiKey },
    { method: 'PUT', path: `${ONE}/reseller`, doc: { summary: 'make the account a reseller (superduper_admin)' }, handler: promote },
    { method: 'DELETE', path: `${ONE}/reseller`, doc: { summary: 'demote a reseller back to a plain account (superduper_admin)' }, handler: demote },
    { method: 'POST', path: `${ONE}/move`, doc: { summary: 'move the account (and its subtree) under another parent', request: 'accounts_move' }, handler: move },
  ],
};
