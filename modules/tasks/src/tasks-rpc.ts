// Requests crossbar and the CLI send to the tasks service (kz_amqp_worker:call of kapi_tasks).
import { KazooError } from '@tollgate/errors';
import {
  type Bus,
  isBusError,
  type KazooMessage,
  TASKS_EXCHANGE,
  TASKS_ROUTING,
  tasksLookupReq,
  tasksLookupResp,
  tasksStartReq,
  tasksStartResp,
  tasksStopReq,
  tasksStopResp,
} from '@tollgate/kazoo-bus';
import type { TasksHelp, TasksPolicies } from './task-help';

const DEFAULT_RPC_TIMEOUT_MS = 5000;

function tasksUnavailable(): KazooError {
  return new KazooError('unavailable', 503, 'tasks_unavailable', { message: 'no tasks service answered; start one (tollgate start tasks) and try again' });
}

async function call(bus: Bus, routingKey: string, msg: KazooMessage, timeoutMs: number): Promise<KazooMessage> {
  try {
    return await bus.rpc(TASKS_EXCHANGE, routingKey, msg, { timeoutMs });
  } catch (err) {
    if (isBusError(err)) throw tasksUnavailable();
    throw err;
  }
}

export interface LookupResult {
  help: TasksHelp;
  policies: TasksPolicies;
}

/** The help of every category, of one, or of one action (empty objects when unknown). */
export async function lookupTasks(bus: Bus, category?: string, action?: string, timeoutMs = DEFAULT_RPC_TIMEOUT_MS): Promise<LookupResult> {
  const req = tasksLookupReq.build({ Category: category, Action: action }, bus.envelope());
  const resp = await call(bus, TASKS_ROUTING.lookup, req, timeoutMs);
  const v = tasksLookupResp.validate(resp);
  if (!v.ok) throw new Error(`bad lookup reply: ${v.errors.join('; ')}`);
  return { help: (v.msg.Help ?? {}) as TasksHelp, policies: (v.msg.Policies ?? {}) as TasksPolicies };
}

/** Reply of a start request: the task's public JSON, or `already_started` / `not_found`. */
export async function requestStart(bus: Bus, taskId: string, timeoutMs = DEFAULT_RPC_TIMEOUT_MS): Promise<unknown> {
  const resp = await call(bus, TASKS_ROUTING.start, tasksStartReq.build({ 'Task-ID': taskId }, bus.envelope()), timeoutMs);
  const v = tasksStartResp.validate(resp);
  if (!v.ok) throw new Error(`bad start reply: ${v.errors.join('; ')}`);
  return v.msg.Reply;
}

/** Reply of a stop request: the task's public JSON, or `not_running` / `not_found`. */
export async function requestStop(bus: Bus, taskId: string, timeoutMs = DEFAULT_RPC_TIMEOUT_MS * 2): Promise<unknown> {
  const resp = await call(bus, TASKS_ROUTING.stop, tasksStopReq.build({ 'Task-ID': taskId }, bus.envelope()), timeoutMs);
  const v = tasksStopResp.validate(resp);
  if (!v.ok) throw new Error(`bad stop reply: ${v.errors.join('; ')}`);
  return v.msg.Reply;
}
