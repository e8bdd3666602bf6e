// DELETE a task that is not running, with its CSVs.
import { isConflict } from '@tollgate/kazoo-db';
import { publicTask } from '@tollgate/tasks';
import type { Reply, RequestContext } from '../../core/types';
import { badIdentifierWith, loadTask, taskStore } from './access';

export async function remove(ctx: RequestContext): Promise<Reply> {
  const doc = await loadTask(ctx);
  if (doc.pvt_status === 'executing') throw badIdentifierWith(doc._id, { message: 'task is running' });
  try {
    await taskStore(ctx).remove(doc);
  } catch (err) {
    // Changed since it was read: a worker took it meanwhile.
    if (isConflict(err)) throw badIdentifierWith(doc._id, { message: 'task is running' });
    throw err;
  }
  return { data: publicTask(doc) };
}
