// cb_tasks: /v2/tasks (help, create) and /v2/accounts/{A}/tasks (list, create, read, start, stop,
// delete, CSV download); without an account path a request acts on the caller's own account.
// Handlers live beside this route table; tasks run in the tasks service.
import type { CrossbarModule } from '../../core/types';
import { start, stop } from './control';
import { create } from './create';
import { help } from './help';
import { list } from './list';
import { read, readInput, readOutput } from './read';
import { remove } from './remove';

const OWN = '/v2/tasks';
const ACCOUNT = '/v2/accounts/:account_id/tasks';

export const tasksModule: CrossbarModule = {
  name: 'tasks',
  routes: () => [
    { method: 'GET', path: OWN, auth: 'optional', handler: help },
    { method: 'PUT', path: OWN, body: 'json-or-csv', handler: create },
    { method: 'GET', path: `${OWN}/:task_id`, handler: read },
    { method: 'PATCH', path: `${OWN}/:task_id`, body: 'json', handler: start },
    { method: 'DELETE', path: `${OWN}/:task_id`, handler: remove },
    { method: 'PATCH', path: `${OWN}/:task_id/stop`, body: 'json', handler: stop },
    { method: 'GET', path: `${OWN}/:task_id/input`, handler: readInput },
    { method: 'GET', path: `${OWN}/:task_id/output`, handler: readOutput },
    { method: 'GET', path: ACCOUNT, handler: list },
    { method: 'PUT', path: ACCOUNT, body: 'json-or-csv', handler: create },
    { method: 'GET', path: `${ACCOUNT}/:task_id`, handler: read },
    { method: 'PATCH', path: `${ACCOUNT}/:task_id`, body: 'json', handler: start },
    { method: 'DELETE', path: `${ACCOUNT}/:task_id`, handler: remove },
    { method: 'PATCH', path: `${ACCOUNT}/:task_id/stop`, body: 'json', handler: stop },
    { method: 'GET', path: `${ACCOUNT}/:task_id/input`, handler: readInput },
    { method: 'GET', path: `${ACCOUNT}/:task_id/output`, handler: readOutput },
  ],
};
