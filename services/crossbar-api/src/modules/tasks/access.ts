// The account a tasks request acts on, and the task it names (404 when it is not that account's).
import { errors, KazooError } from '@tollgate/errors';
import { type TaskDoc, TaskStore } from '@tollgate/tasks';
import { requireAccountAccess, requireAuth } from '../../auth/access';
import type { CrossbarDeps, RequestContext } from '../../core/types';

const stores = new WeakMap<CrossbarDeps, TaskStore>();

/** The tasks db of this crossbar (one store per deps). */
export function taskStore(ctx: RequestContext): TaskStore {
  let store = stores.get(ctx.deps);
  if (!store) {
    store = new TaskStore({ couch: ctx.deps.couch, bus: ctx.deps.bus, config: ctx.deps.config });
    stores.set(ctx.deps, store);
  }
  return store;
}

/** The account a request acts on: the path's, else the caller's own (cb_tasks task_account_id). */
export async function actingAccount(ctx: RequestContext): Promise<string> {
  const accountId = ctx.params.account_id ?? requireAuth(ctx).accountId;
  await requireAccountAccess(ctx, accountId);
  return accountId;
}

/** The task the path names, if the acting account may see it (a superduper admin without an account path sees all). */
export async function loadTask(ctx: RequestContext): Promise<TaskDoc> {
  const store = taskStore(ctx);
  const accountId = await actingAccount(ctx);
  const id = ctx.params.task_id;
  const doc = requireAuth(ctx).isSuperduperAdmin && !ctx.params.account_id ? await store.get(id) : await store.getForAccount(id, accountId);
  if (!doc) throw errors.badIdentifierList(id);
  return doc;
}

/** cb_tasks' 404 for a task that exists but is in the wrong state for the request. */
export function badIdentifierWith(taskId: string, extra: Record<string, string>): KazooError {
  return new KazooError('bad_identifier', 404, 'bad_identifier', { cause: taskId, message: 'bad identifier', ...extra });
}
