// kapi_tasks (core/kazoo_tasks/src/kapi_tasks.erl, 4.3): lookup / start / stop requests on the
// `tasks` exchange under `tasks.<verb>`, answered on `targeted` to the requester's Server-ID.
import { defineApi } from '@tollgate/kazoo-bus';

export const TASKS_EXCHANGE = 'tasks';
export const TASKS_QUEUE = 'tasks_listener';
/** Lookup/start/stop requests are RPCs with a timeout of seconds; older ones are dropped unread. */
export const TASKS_REQUEST_TTL_MS = 10_000;

export const TASKS_ROUTING = {
  lookup: 'tasks.lookup',
  start: 'tasks.start',
  stop: 'tasks.stop',
} as const;

export const lookupReq = defineApi({ eventCategory: 'tasks', eventName: 'lookup_req', optional: ['Category', 'Action'] });
/** `Help` is Kazoo's; `Policies` (who may create, which column is bound to the task's account) is Tollgate's. */
export const lookupResp = defineApi({ eventCategory: 'tasks', eventName: 'lookup_resp', required: ['Help'], optional: ['Policies'] });
export const startReq = defineApi({ eventCategory: 'tasks', eventName: 'start_req', required: ['Task-ID'] });
export const startResp = defineApi({ eventCategory: 'tasks', eventName: 'start_resp', required: ['Reply'] });
export const stopReq = defineApi({ eventCategory: 'tasks', eventName: 'stop_req', required: ['Task-ID'] });
export const stopResp = defineApi({ eventCategory: 'tasks', eventName: 'stop_resp', required: ['Reply'] });

/** Replies that are not a task. */
export const REPLY_ALREADY_STARTED = 'already_started';
export const REPLY_NOT_RUNNING = 'not_running';
export const REPLY_NOT_FOUND = 'not_found';
