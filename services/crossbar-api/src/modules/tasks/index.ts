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
    { method: 'GET', path: OWN, auth: 'optional', doc: { summary: 'the tasks help: every category and action with its CSV fields', query: { category: 'one category', action: 'one action' } }, handler: help },
    { method: 'PUT', path: OWN, body: 'json-or-csv', doc: { summary: 'create a task (CSV body, or JSON records) for the caller\'s account; start it with PATCH', query: { category: 'e.g. rates', action: 'e.g. import', file_name: 'the upload\'s name' } }, handler: create },
    { method: 'GET', path: `${OWN}/:task_id`, doc: { summary: 'a task: status, counts, its CSVs' }, handler: read },
    { method: 'PATCH', path: `${OWN}/:task_id`, body: 'json', doc: { summary: 'start the task' }, handler: start },
    { method: 'DELETE', path: `${OWN}/:task_id`, doc: { summary: 'delete a task that is not running' }, handler: remove },
    { method: 'PATCH', path: `${OWN}/:task_id/stop`, body: 'json', doc: { summary: 'stop a running task' }, handler: stop },
    { method: 'GET', path: `${OWN}/:task_id/input`, doc: { summary: 'the uploaded CSV (in.csv)', csv: true }, handler: readInput },
    { method: 'GET', path: `${OWN}/:task_id/output`, doc: { summary: 'the per-row results (out.csv)', csv: true, query: { csv_name: 'which CSV' } }, handler: readOutput },
    { method: 'GET', path: ACCOUNT, doc: { summary: "the account's tasks", query: { category: 'only this category', action: 'only this action' } }, handler: list },
    { method: 'PUT', path: ACCOUNT, body: 'json-or-csv', doc: { summary: 'create a task (CSV body, or JSON records); start it with PATCH', query: { category: 'e.g. rates', action: 'e.g. import', file_name: 'the upload\'s name' } }, handler: create },
    { method: 'GET', path: `${ACCOUNT}/:task_id`, doc: { summary: 'a task: status, counts, its CSVs' }, handler: read },
    { method: 'PATCH', path: `${ACCOUNT}/:task_id`, body: 'json', doc: { summary: 'start the task' }, handler: start },
    { method: 'DELETE', path: `${ACCOUNT}/:task_id`, doc: { summary: 'delete a task that is not running' }, handler: remove },
    { method: 'PATCH', path: `${ACCOUNT}/:task_id/stop`, body: 'json', doc: { summary: 'stop a running task' }, handler: stop },
    { method: 'GET', path: `${ACCOUNT}/:task_id/input`, doc: { summary: 'the uploaded CSV (in.csv)', csv: true }, handler: readInput },
    { method: 'GET', path: `${ACCOUNT}/:task_id/output`, doc: { summary: 'the per-row results (out.csv)', csv: true, query: { csv_name: 'which CSV' } }, handler: readOutput },
  ],
};
