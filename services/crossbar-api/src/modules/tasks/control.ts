// PATCH a task (start) and PATCH …/stop: requests to the tasks service over the bus (kapi_tasks).
import { errors } from '@tollgate/errors';
import { TASKS_REPLY } from '@tollgate/kazoo-bus';
import { requestStart, requestStop } from '@tollgate/tasks';
import type { Reply, RequestContext } from '../../core/types';
import { badIdentifierWith, loadTask } from './access';

export async function start(ctx: RequestContext): Promise<Reply> {
  const doc = await loadTask(ctx);
  const reply = await requestStart(ctx.deps.bus, doc._id);
  if (reply === TASKS_REPLY.alreadyStarted) throw badIdentifierWith(doc._id, { reason: 'task already started' });
  if (reply === TASKS_REPLY.notFound) throw errors.badIdentifierList(doc._id);
  return { data: reply, revision: 'automatic', page: { page_size: 1 } };
}

export async function stop(ctx: RequestContext): Promise<Reply> {
  const doc = await loadTask(ctx);
  const reply = await requestStop(ctx.deps.bus, doc._id);
  if (reply === TASKS_REPLY.notRunning) throw badIdentifierWith(doc._id, { reason: 'task is not running' });
  if (reply === TASKS_REPLY.notFound) throw errors.badIdentifierList(doc._id);
  return { data: reply };
}
