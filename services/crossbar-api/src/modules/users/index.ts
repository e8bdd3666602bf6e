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
    { method: 'GET', path: LIST, handler: listAccountUsers },
    { method: 'PUT', path: LIST, handler: putUser },
    { method: 'GET', path: ONE, handler: getUser },
    { method: 'POST', path: ONE, handler: postUser },
    { method: 'PATCH', path: ONE, handler: patchUser },
    { method: 'DELETE', path: ONE, handler: removeUser },
  ],
};
