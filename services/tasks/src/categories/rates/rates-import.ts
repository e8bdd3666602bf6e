// rates/import (kt_rates import): each row becomes a rate in the deck its ratedeck_id names
// (`ratedeck` when none), merged over what is there. A reseller's rows carry its own account_id and
// go only into decks it owns: a new deck becomes its own on the first write; rows for the system
// decks or another's deck are refused (checked at creation too, but a deck can change hands before
// the task runs). mode=replace then retires the rates of each written deck that the file lacked.
// Rows go into the deck's active version (its own db until a version is activated). With
// `stage=true` each deck written gets a new version instead (a db of its own, `ratedeck/<id>/v/<n>`,
// @tollgate/ratedecks versions) holding exactly the file's rates: rating indexes it, but it rates
// nothing until it is activated (crossbar `POST /v2/ratedecks/{id}/versions/{v}/activate`).
import {
  activeRatedeckDb,
  claimRatedeck,
  finishStagedVersion,
  parseRateRow,
  RATE_MANDATORY_FIELDS,
  RATE_OPTIONAL_FIELDS,
  type RateDoc,
  RateWriter,
  ratedeckDb,
  ratedeckIdFromDb,
  ratedeckWriteProblem,
  retireRatesNotWrittenBy,
  stageRatedeckVersion,
} from '@tollgate/ratedecks';
import { taskIsRatedeckAdmin } from '@tollgate/tasks';
import type { InputRow, RowOutcome, RowsAction, RowsProcessor, TaskContext } from '../category';

interface Entry {
  doc: RateDoc;
  rows: number[];
}

class RatesImport implements RowsProcessor {
  private readonly writer: RateWriter;
  private readonly owner: string | undefined;
  /** Per deck db: undefined when this task may write there, else why not. */
  private readonly deckProblems = new Map<string, string | undefined>();

  constructor(private readonly ctx: TaskContext) {
    const { task } = ctx;
    this.owner = taskIsRatedeckAdmin(task) ? undefined : task.pvt_account_id;
    this.writer = new RateWriter(ctx, { taskId: task._id, authAccountId: task.pvt_auth_account_id, ownerAccountId: this.owner });
  }

  /** Deck db → the db its rows are written into (the active version's, or the staged version's). */
  private readonly targets = new Map<string, string>();

  private get stage(): boolean {
    return this.ctx.task.pvt_options?.stage === 'true';
  }

  /** Deck db → the version staged for it by this task: kept in the task's state, so a takeover writes on into it. */
  private get staged(): Record<string, { version: number; db: string }> {
    const s = this.ctx.state.staged;
    return typeof s === 'object' && s !== null ? (s as Record<string, { version: number; db: string }>) : {};
  }

  private async targetDb(deckDb: string): Promise<string> {
    const known = this.targets.get(deckDb);
    if (known) return known;
    const deck = ratedeckIdFromDb(deckDb);
    let target: string;
    if (this.stage) {
      const staged = this.staged[deckDb] ?? (await stageRatedeckVersion(this.ctx, deck, this.ctx.task._id));
      if (!this.staged[deckDb]) {
        this.ctx.state.staged = { ...this.staged, [deckDb]: staged };
        await this.ctx.checkpoint();
      }
      target = staged.db;
    } else target = await activeRatedeckDb(this.ctx.couch, deck);
    this.targets.set(deckDb, target);
    return target;
  }

  private get decks(): string[] {
    const d = this.ctx.state.decks;
    return Array.isArray(d) ? (d as string[]) : [];
  }

  private touch(db: string): void {
    if (!this.decks.includes(db)) this.ctx.state.decks = [...this.decks, db];
  }

  private async deckProblem(db: string): Promise<string | undefined> {
    if (this.owner === undefined) return undefined;
    if (!this.deckProblems.has(db)) {
      const deck = ratedeckIdFromDb(db);
      const standing = await claimRatedeck(this.ctx, deck, this.owner, this.ctx.task._id);
      this.deckProblems.set(db, ratedeckWriteProblem(deck, standing, this.owner));
    }
    return this.deckProblems.get(db);
  }

  private rowCells(row: InputRow): Record<string, string | undefined> | string {
    const cells = { ...row.byHeader };
    if (this.owner !== undefined) {
      const given = cells.account_id?.trim().toLowerCase();
      if (given && given !== this.owner) return `account_id must be empty or ${this.owner} (the task's account), got ${JSON.stringify(cells.account_id)}`;
      cells.account_id = this.owner;
    }
    const deck = this.ctx.task.pvt_options?.ratedeck_id;
    if (deck && !cells.ratedeck_id?.trim()) cells.ratedeck_id = deck;
    return cells;
  }

  async processBatch(rows: InputRow[]): Promise<RowOutcome[]> {
    const outcomes: RowOutcome[] = rows.map(() => ({ ok: true }));
    const byDeck = new Map<string, Map<string, Entry>>();
    rows.forEach((row, i) => {
      const cells = this.rowCells(row);
      if (typeof cells === 'string') {
        outcomes[i] = { ok: false, reason: cells };
        return;
      }
      const parsed = parseRateRow(cells);
      if (!parsed.ok) {
        outcomes[i] = { ok: false, reason: parsed.reason };
        return;
      }
      if (parsed.warnings.length > 0) outcomes[i] = { ok: true, warning: parsed.warnings.join('; ') };
      const db = ratedeckDb(parsed.rate.ratedeck_id);
      const deck = byDeck.get(db) ?? new Map<string, Entry>();
      byDeck.set(db, deck);
      const seen = deck.get(parsed.rate._id);
      // Two rows with one id in a batch: applied in order, the later wins (as two batches would).
      if (seen) {
        seen.doc = { ...seen.doc, ...parsed.rate };
        seen.rows.push(i);
      } else deck.set(parsed.rate._id, { doc: parsed.rate, rows: [i] });
    });
    for (const [db, entries] of byDeck) {
      const refused = await this.deckProblem(db);
      if (refused !== undefined) {
        for (const entry of entries.values()) for (const i of entry.rows) outcomes[i] = { ok: false, reason: refused };
        continue;
      }
      const target = await this.targetDb(db);
      this.touch(target);
      const failed = await this.writer.write(
        target,
        [...entries.values()].map((e) => e.doc),
      );
      for (const [id, reason] of failed) for (const i of entries.get(id)?.rows ?? []) outcomes[i] = { ok: false, reason };
    }
    return outcomes;
  }

  /** A staged import that will not finish leaves its versions `failed`: never activatable, dropped by retention. */
  async abandon(): Promise<void> {
    for (const [deckDb, staged] of Object.entries(this.staged)) await finishStagedVersion(this.ctx, ratedeckIdFromDb(deckDb), staged.version, true);
  }

  /** mode=replace: the rates of each written deck that the file lacked are retired (soft-deleted). */
  async finish(): Promise<void> {
    if (this.stage) {
      // A staged version holds exactly the file's rates: nothing to retire; it becomes activatable.
      for (const [deckDb, staged] of Object.entries(this.staged)) {
        const done = await finishStagedVersion(this.ctx, ratedeckIdFromDb(deckDb), staged.version);
        const entry = done.versions.find((v) => v.version === staged.version);
        this.ctx.state.staged = { ...this.staged, [deckDb]: { ...staged, rate_count: entry?.rate_count } };
      }
      await this.ctx.checkpoint();
      return;
    }
    if (this.ctx.task.pvt_options?.mode !== 'replace') return;
    for (const db of this.decks) {
      await retireRatesNotWrittenBy(this.ctx, db, {
        taskId: this.ctx.task._id,
        ownerAccountId: this.owner,
        onRetired: async (count) => {
          const before = typeof this.ctx.state.retired_count === 'number' ? this.ctx.state.retired_count : 0;
          this.ctx.state.retired_count = before + count;
          await this.ctx.checkpoint();
        },
      });
    }
  }
}

export const ratesImport: RowsAction = {
  kind: 'rows',
  help: {
    description: 'Bulk-import rates to a specified ratedeck',
    doc: 'Creates rates from file',
    expected_content: 'text/csv',
    mandatory: [...RATE_MANDATORY_FIELDS],
    optional: [...RATE_OPTIONAL_FIELDS],
  },
  policy: { allowed: 'reseller', accountField: 'account_id', ratedeckField: 'ratedeck_id', options: { mode: ['merge', 'replace'], ratedeck_id: 'text', stage: ['true', 'false'] } },
  open: (ctx) => new RatesImport(ctx),
};
