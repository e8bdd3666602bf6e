// kapi_tasks (core/kazoo_tasks/src/kapi_tasks.erl, 4.3): lookup / start / stop requests on the
// `tasks` exchange under `tasks.<verb>`, answered on `targeted` to the requester's Server-ID.
import { defineApi } from '../api';

export const TASKS_EXCHANGE = 'tasks';
export const TASKS_QUEUE = 'tasks_listener';
/** Lookup/start/stop requests are RPCs with a timeout of seconds; older ones are dropped unread. */
export const TASKS_REQUEST_TTL_MS = 10_000;

export const TASKS_ROUTING = {
  lookup: 'tasks.lookup',
  start: 'tasks.start',
  stop: 'tasks.stop',
} as const;

export const tasksLookupReq = defineApi({ eventCategory: 'tasks', eventName: 'lookup_req', optional: ['Category', 'Action'] });
/** `Help` is Kazoo's; `Policies` (who may create, which column is bound to the task's account) is Tollgate's. */
export const tasksLookupResp = defineApi({ eventCategory: 'tasks', eventName: 'lookup_resp', required: ['Help'], optional: ['Policies'] });
export const tasksStartReq = defineApi({ eventCategory: 'tasks', eventName: 'start_req', required: ['Task-ID'] });
export const tasksStartResp = defineApi({ eventCategory: 'tasks', eventName: 'start_resp', required: ['Reply'] });
export const tasksStopReq = defineApi({ eventCategory: 'tasks', eventName: 'stop_req', required: ['Task-ID'] });
export const tasksStopResp = defineApi({ eventCategory: 'tasks', eventName: 'stop_resp', required: ['Reply'] });

/** Replies of start and stop that are not a task. */
export const TASKS_REPLY = { alreadyStarted: 'already_started', notRunning: 'not_running', notFound: 'not_found' } as const;
