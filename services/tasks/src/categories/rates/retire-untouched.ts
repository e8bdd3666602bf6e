// mode=replace: after an import, the rates of each touched deck that this task did not write are
// soft-deleted (pvt_deleted), so a carrier's withdrawn prefixes stop rating. Pages through
// _all_docs (no view: decks are large) and can run again after a takeover; retired_count in the
// task state only grows.
import { type Couch, gregorianNow } from '@tollgate/kazoo-db';
import type { TaskContext } from '../category';

const PAGE = 2000;

type RateDoc = Record<string, unknown> & { _id: string; _rev: string };

export async function retireUntouched(ctx: TaskContext, couch: Couch, decks: readonly string[], owner: string | undefined): Promise<void> {
  const taskId = ctx.task._id;
  for (const db of decks) {
    for await (const page of couch.docPages<RateDoc>(db, { pageSize: PAGE })) {
      const now = gregorianNow();
      const retire = page
        .filter((d) => d.pvt_type === 'rate' && d.pvt_deleted !== true && d.pvt_task_id !== taskId)
        .filter((d) => owner === undefined || d.account_id === owner)
        .map((d) => ({ ...d, pvt_deleted: true, pvt_modified: now, pvt_retired_by_task: taskId }));
      if (retire.length > 0) {
        const results = (await couch.db(db).bulk({ docs: retire })) as unknown as { error?: string }[];
        const done = results.filter((r) => !r.error).length;
        ctx.state.retired_count = (typeof ctx.state.retired_count === 'number' ? ctx.state.retired_count : 0) + done;
        await ctx.checkpoint();
      }
    }
  }
}
