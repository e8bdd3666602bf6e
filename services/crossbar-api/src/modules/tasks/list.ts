// GET /v2/accounts/{A}/tasks: the account's tasks, newest first, paginated (with ?category= or
// ?action=, the help instead, as cb_tasks).
import { publicTaskFields } from '@tollgate/tasks';
import { pageOf } from '../../core/pagination';
import type { Reply, RequestContext } from '../../core/types';
import { actingAccount, taskStore } from './access';
import { help } from './help';

export async function list(ctx: RequestContext): Promise<Reply> {
  if (ctx.query.category || ctx.query.action) return help(ctx);
  const accountId = await actingAccount(ctx);
  const all = (await taskStore(ctx).listByAccount(accountId)).map((d) => publicTaskFields(d, true));
  const page = pageOf(all, (t) => [t.created, t.id], { ...ctx.page, descending: true });
  return { data: page.rows, page: page.info };
}
