// cb_users, as much as logins need: /v2/accounts/{id}/users[/{user_id}]. The route table; handlers beside it.
import type { CrossbarModule } from '../../core/types';
import { getUser, listAccountUsers } from './read';
import { patchUser, postUser } from './update';
import { putUser, removeUser } from './write';

const LIST = '/v2/accounts/:account_id/users';
const ONE = `${LIST}/:user_id`;

export const usersModule: CrossbarModule = {
  name: 'users',
  routes: () => [
    { method: 'GET', path: LIST, doc: { summary: "the account's users", response: { type: 'array' } }, handler: listAccountUsers },
    { method: 'PUT', path: LIST, doc: { summary: 'create a user', request: 'users' }, handler: putUser },
    { method: 'GET', path: ONE, doc: { summary: 'one user' }, handler: getUser },
    { method: 'POST', path: ONE, doc: { summary: 'replace a user (a plain user: only its own, not priv_level or enabled)', request: 'users' }, handler: postUser },
    { method: 'PATCH', path: ONE, doc: { summary: 'change some fields of a user', request: 'users' }, handler: patchUser },
    { method: 'DELETE', path: ONE, doc: { summary: 'delete a user (its tokens stop working)' }, handler: removeUser },
  ],
};
