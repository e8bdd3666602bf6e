// The task's auth account as the number manager sees it.
import type { TaskDoc } from '@tollgate/tasks';
import type { Actor } from '@tollgate/numbers';

export function taskActor(task: TaskDoc): Actor {
  return { accountId: task.pvt_auth_account_id, isAdmin: task.pvt_auth_superduper === true };
}

/** The row's account_id, or the task's account when the cell is empty. */
export function rowAccount(task: TaskDoc, cell: string | undefined): string {
  const given = cell?.trim().toLowerCase();
  return given ? given : task.pvt_account_id;
}
