// number_management/import (kt_numbers import): each row's e164 is loaded for its account_id
// (the task's account when empty) in its state (default `available`: the account's inventory).
// Rows are grouped per account/state/carrier and written with one _bulk_docs per numbers db;
// a batch handled again after a takeover finds its numbers already there, which is fine. A group
// passes the accounts module's gate as a whole (an inactive reseller, or no room under a quota for
// the numbers it would hold, fails every row of the group with the reason).
import { isKazooError } from '@tollgate/errors';
import { isNumberState, NumberManager, type NumberState } from '@tollgate/numbers';
import type { TaskDoc } from '@tollgate/tasks';
import type { InputRow, RowOutcome, RowsAction, RowsProcessor, TaskContext } from '../category';
import { rowAccount, taskActor } from './actor';
import { numbersAllowed } from './number-gate';

const PUBLIC_COLUMNS = ['cnam.display_name', 'cnam.inbound_lookup', 'used_by'] as const;

function publicFields(row: InputRow): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  const name = row.byHeader['cnam.display_name']?.trim();
  const inbound = row.byHeader['cnam.inbound_lookup']?.trim();
  if (name || inbound) out.cnam = { ...(name ? { display_name: name } : {}), ...(inbound ? { inbound_lookup: inbound === 'true' } : {}) };
  const usedBy = row.byHeader.used_by?.trim();
  if (usedBy) out.used_by = usedBy;
  return Object.keys(out).length ? out : undefined;
}

const IMPORT_STATES: readonly NumberState[] = ['available', 'reserved', 'in_service', 'port_in', 'aging'];

/** Rows loaded together: one account, state and carrier. */
interface Group {
  accountId: string;
  state: NumberState;
  moduleName?: string;
  rows: number[];
}

/** Groups the rows by account/state/carrier; a row that cannot be loaded gets its outcome now. */
function groupRows(task: TaskDoc, rows: InputRow[], outcomes: RowOutcome[]): Group[] {
  const groups = new Map<string, Group>();
  rows.forEach((row, i) => {
    if (!row.byHeader.e164?.trim()) {
      outcomes[i] = { ok: false, reason: 'e164 is required' };
      return;
    }
    const state = row.byHeader.state?.trim() || 'available';
    if (!isNumberState(state) || !IMPORT_STATES.includes(state)) {
      outcomes[i] = { ok: false, reason: `state must be one of available, reserved, in_service, port_in, aging; got ${JSON.stringify(state)}` };
      return;
    }
    const accountId = rowAccount(task, row.byHeader.account_id);
    const moduleName = row.byHeader.carrier_module?.trim() || undefined;
    const key = `${accountId}|${state}|${moduleName ?? ''}`;
    const g = groups.get(key) ?? { accountId, state, moduleName, rows: [] };
    g.rows.push(i);
    groups.set(key, g);
  });
  return [...groups.values()];
}

class NumberImport implements RowsProcessor {
  private readonly nm: NumberManager;

  constructor(private readonly ctx: TaskContext) {
    this.nm = new NumberManager(ctx);
  }

  /** One group through the gate and the number manager; a refusal for the whole group (403, unknown account) fails each of its rows. */
  private async importGroup(g: Group, rows: InputRow[], outcomes: RowOutcome[]): Promise<void> {
    try {
      let units = 0;
      for (const i of g.rows) if (await this.nm.addsHeldNumber(rows[i].byHeader.e164 as string, g.accountId, g.state)) units++;
      const results = await numbersAllowed(this.ctx, g.accountId, units, () =>
        this.nm.importNumbers(
          g.rows.map((i) => ({ input: rows[i].byHeader.e164 as string, publicFields: publicFields(rows[i]) })),
          { actor: taskActor(this.ctx.task), assignTo: g.accountId, state: g.state, moduleName: g.moduleName },
        ),
      );
      results.forEach((r, j) => {
        outcomes[g.rows[j]] = r.ok ? (r.existed ? { ok: true, warning: `number ${r.number} was already loaded` } : { ok: true }) : { ok: false, reason: r.reason };
      });
    } catch (err) {
      if (!isKazooError(err)) throw err;
      const data = err.data as { message?: string; cause?: string };
      const reason = `${data.message ?? err.message}${data.cause ? ` (${data.cause})` : ''} for account ${g.accountId}`;
      for (const i of g.rows) outcomes[i] = { ok: false, reason };
    }
  }

  async processBatch(rows: InputRow[]): Promise<RowOutcome[]> {
    const outcomes: RowOutcome[] = rows.map(() => ({ ok: false, reason: 'not processed' }));
    for (const g of groupRows(this.ctx.task, rows, outcomes)) await this.importGroup(g, rows, outcomes);
    return outcomes;
  }
}

export const numberImport: RowsAction = {
  kind: 'rows',
  help: {
    description: 'Bulk-import e164 numbers',
    doc: 'Creates numbers from file. Numbers are loaded for account_id (the task account when empty) in the given state (default available: the account inventory its sub-accounts can find and buy).',
    expected_content: 'text/csv',
    mandatory: ['e164'],
    optional: ['account_id', 'state', 'carrier_module', ...PUBLIC_COLUMNS],
  },
  policy: { allowed: 'reseller' },
  open: (ctx) => new NumberImport(ctx),
};
