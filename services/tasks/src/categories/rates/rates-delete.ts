// rates/delete (kt_rates delete): soft-deletes the rate each row names, when the stored rate
// matches every other field the row sets. The rate is found by its id (`<ISO|XX>-<prefix>[-suffix]`)
// rather than Kazoo's rates/lookup view, which a large deck cannot afford on the embedded server.
import { DEFAULT_RATEDECK, findLiveRate, RATE_DOC_FIELDS, rateId, ratedeckDb, ratedeckIdProblem, softDeleteRate } from '@tollgate/ratedecks';
import { taskIsRatedeckAdmin } from '@tollgate/tasks';
import type { InputRow, RowOutcome, RowsAction, RowsProcessor, TaskContext } from '../category';

function sameValue(stored: unknown, cell: string): boolean {
  if (stored === undefined || stored === null) return false;
  if (Array.isArray(stored)) return stored.join(';') === cell || JSON.stringify(stored) === cell;
  if (typeof stored === 'number') return Number(cell) === stored;
  return String(stored) === cell;
}

class RatesDelete implements RowsProcessor {
  private readonly owner: string | undefined;

  constructor(private readonly ctx: TaskContext) {
    // Deleting is writing: only a ratedeck admin removes rates it did not write.
    this.owner = taskIsRatedeckAdmin(ctx.task) ? undefined : ctx.task.pvt_account_id;
  }

  private async one(row: InputRow): Promise<RowOutcome> {
    const c = row.byHeader;
    const text = (f: string) => (c[f]?.trim() ? c[f]?.trim() : undefined);
    const prefix = text('prefix');
    if (!prefix || !/^\+?[1-9]\d{0,14}$/.test(prefix)) return { ok: false, reason: `prefix must be the digits of an E.164 prefix, got ${JSON.stringify(c.prefix ?? '')}` };
    const deckId = text('ratedeck_id') ?? this.ctx.task.pvt_options?.ratedeck_id;
    const problem = deckId ? ratedeckIdProblem(deckId) : undefined;
    if (problem) return { ok: false, reason: problem };
    const deck = deckId || DEFAULT_RATEDECK;
    const db = ratedeckDb(deck);
    const id = rateId(prefix.replace('+', ''), text('iso_country_code'), text('rate_suffix'));
    const doc = await findLiveRate(this.ctx.couch, deck, id);
    if (!doc) return { ok: false, reason: `no rate ${id} in ${db}` };
    if (this.owner !== undefined && doc.account_id !== this.owner) return { ok: false, reason: `rate ${id} in ${db} belongs to another account` };
    for (const f of RATE_DOC_FIELDS) {
      if (f === 'prefix' || f === 'ratedeck_id' || f === 'iso_country_code' || f === 'rate_suffix') continue;
      const cell = text(f);
      if (cell !== undefined && !sameValue(doc[f], cell)) return { ok: false, reason: `rate ${id} in ${db} has ${f} ${JSON.stringify(doc[f] ?? null)}, not ${JSON.stringify(cell)}` };
    }
    if (!(await softDeleteRate(this.ctx, deck, id))) return { ok: false, reason: `no rate ${id} in ${db}` };
    return { ok: true };
  }

  async processBatch(rows: InputRow[]): Promise<RowOutcome[]> {
    const out: RowOutcome[] = [];
    for (const row of rows) out.push(await this.one(row));
    return out;
  }
}

export const ratesDelete: RowsAction = {
  kind: 'rows',
  help: {
    description: 'Bulk-remove rates where they match with all defined fields in CSV row',
    doc: 'Delete rates from file',
    expected_content: 'text/csv',
    mandatory: ['prefix'],
    optional: RATE_DOC_FIELDS.filter((f) => f !== 'prefix'),
  },
  policy: { allowed: 'reseller', accountField: 'account_id', options: { ratedeck_id: 'text' } },
  open: (ctx) => new RatesDelete(ctx),
};
