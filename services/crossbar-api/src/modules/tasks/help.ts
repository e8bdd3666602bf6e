// GET /v2/tasks (and the listing with ?category=&action=): the help of the tasks service's categories.
import { errors } from '@tollgate/errors';
import { lookupTasks } from '@tollgate/tasks';
import type { Reply, RequestContext } from '../../core/types';

export async function help(ctx: RequestContext): Promise<Reply> {
  const { help: all } = await lookupTasks(ctx.deps.bus, ctx.query.category || undefined, ctx.query.action || undefined);
  if (Object.keys(all).length === 0) throw errors.badIdentifierList('unknown category or action');
  return { data: { tasks: all } };
}
