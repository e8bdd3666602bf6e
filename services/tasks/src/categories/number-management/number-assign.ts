// number_management/assign_to (kt_numbers assign_to): puts each row's number in service for the
// row's account_id (the task's account when empty), by the same rules as PUT …/activate (the
// reseller_active and quota gate included).
import { isKazooError } from '@tollgate/errors';
import { NumberManager } from '@tollgate/numbers';
import type { InputRow, RowOutcome, RowsAction, RowsProcessor, TaskContext } from '../category';
import { rowAccount, taskActor } from './actor';
import { numbersAllowed } from './number-gate';

class NumberAssign implements RowsProcessor {
  private readonly nm: NumberManager;

  constructor(private readonly ctx: TaskContext) {
    this.nm = new NumberManager(ctx);
  }

  async processBatch(rows: InputRow[]): Promise<RowOutcome[]> {
    const out: RowOutcome[] = [];
    for (const row of rows) {
      const number = row.byHeader.number?.trim();
      if (!number) {
        out.push({ ok: false, reason: 'number is required' });
        continue;
      }
      const accountId = rowAccount(this.ctx.task, row.byHeader.account_id);
      try {
        const adds = await this.nm.addsHeldNumber(number, accountId);
        await numbersAllowed(this.ctx, accountId, adds ? 1 : 0, () => this.nm.activate(number, taskActor(this.ctx.task), accountId));
        out.push({ ok: true });
      } catch (err) {
        if (!isKazooError(err)) throw err;
        const data = err.data as { message?: string; error?: string };
        // A retried batch finds its own activation done: that row succeeded.
        const done = data.error === 'number_unavailable' && (await this.nm.get(number, taskActor(this.ctx.task), accountId).catch(() => undefined))?.pvt_assigned_to === accountId;
        out.push(done ? { ok: true, warning: `number ${number} was already in service for ${accountId}` } : { ok: false, reason: data.message ?? err.message });
      }
    }
    return out;
  }
}

export const numberAssign: RowsAction = {
  kind: 'rows',
  help: {
    description: 'Bulk-assign numbers to the provided account',
    doc: 'Puts each number in service for account_id (the task account when empty).',
    expected_content: 'text/csv',
    mandatory: ['number'],
    optional: ['account_id'],
  },
  policy: { allowed: 'account' },
  open: (ctx) => new NumberAssign(ctx),
};
