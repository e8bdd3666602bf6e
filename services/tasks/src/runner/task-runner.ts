// Runs one claimed task to its end: streams in.csv, hands the rows to the category a batch at a
// time, and after each batch saves the batch's output rows, the counts and the committed-rows
// checkpoint under the lease. A worker that takes the task over skips the committed rows and
// carries on; ids are deterministic, so a batch done twice writes the same documents.
import type { SystemConfig } from '@tollgate/config';
import type { Bus } from '@tollgate/kazoo-bus';
import { type Couch, gregorianNow, isConflict } from '@tollgate/kazoo-db';
import type { Logger } from '@tollgate/log';
import { cellsByHeader } from '@tollgate/ratedecks';
import { csvRows, finishedStatus, INPUT_CSV, type TaskDoc, type TaskStatus, type TaskStore } from '@tollgate/tasks';
import type { InputRow, NoInputAction, RowOutcome, RowsAction, RowsProcessor, TaskAction, TaskContext } from '../categories/category';
import { type Lease, LeaseLost } from './lease';
import { assembleOutCsv } from './out-csv';

export interface RunnerDeps {
  couch: Couch;
  bus: Bus;
  config: SystemConfig;
  store: TaskStore;
  log: Logger;
  /** Rows and task outcomes, counted when given (tasks-service.ts). */
  metrics?: TaskMetrics;
}

/** What the runner reports to Prometheus (bound to `service="tasks"` by the service). */
export interface TaskMetrics {
  rows(task: TaskDoc, succeeded: number, failed: number): void;
  /** A task settled here: `success`, `partial`, `failure`, `stopped`, `internal_error`, … */
  finished(task: TaskDoc, status: string): void;
}

class Stopped extends Error {}

const ERROR_COLUMN = 'error';

function contextFor(deps: RunnerDeps, lease: Lease): TaskContext {
  const ctx: TaskContext = {
    task: lease.doc,
    couch: deps.couch,
    bus: deps.bus,
    config: deps.config,
    log: deps.log,
    state: { ...(lease.doc.pvt_state ?? {}) },
    checkpoint: async () => {
      await lease.update(() => ({ pvt_state: { ...ctx.state } }));
    },
  };
  return ctx;
}

function outputRow(row: InputRow, outcome: RowOutcome): string[] | undefined {
  if (!outcome.ok) return [...row.cells, outcome.reason];
  if (outcome.warning) return [...row.cells, `warning: ${outcome.warning}`];
  return undefined;
}

/** Out.csv rows and counts of one handled batch. */
function tally(batch: InputRow[], outcomes: RowOutcome[]): { out: string[][]; ok: number; failed: number; warned: number } {
  const t = { out: [] as string[][], ok: 0, failed: 0, warned: 0 };
  batch.forEach((row, i) => {
    const o = outcomes[i] ?? { ok: false, reason: 'the task category returned no result for this row' };
    if (o.ok) t.ok++;
    else t.failed++;
    if (o.ok && o.warning) t.warned++;
    const line = outputRow(row, o);
    if (line) t.out.push(line);
  });
  return t;
}

/** Hands a batch to the category, then saves its output rows, the counts and the checkpoint under the lease. */
async function commitBatch(deps: RunnerDeps, lease: Lease, ctx: TaskContext, processor: RowsProcessor, batch: InputRow[]): Promise<void> {
  if (batch.length === 0) return;
  const task = lease.doc;
  const t = tally(batch, await processor.processBatch(batch));
  deps.metrics?.rows(task, t.ok, t.failed);
  const batchNo = Math.floor(batch[0].index / (task.pvt_batch_size ?? 1000));
  if (t.out.length > 0) await deps.store.putOutputPart(task._id, batchNo, t.out);
  const last = batch[batch.length - 1].index + 1;
  await lease.update((cur) => ({
    pvt_committed_rows: last,
    pvt_total_rows_succeeded: (cur.pvt_total_rows_succeeded ?? 0) + t.ok,
    pvt_total_rows_failed: (cur.pvt_total_rows_failed ?? 0) + t.failed,
    pvt_total_rows_warned: (cur.pvt_total_rows_warned ?? 0) + t.warned,
    pvt_state: { ...ctx.state },
    pvt_modified: gregorianNow(),
  }));
  if (lease.stopRequested) throw new Stopped();
}

/** Streams in.csv past the committed rows, a batch at a time; the out.csv header is the input's plus `error`. */
async function runRows(deps: RunnerDeps, lease: Lease, action: RowsAction, ctx: TaskContext): Promise<string[]> {
  const task = lease.doc;
  const input = await deps.store.readAttachment(task._id, INPUT_CSV);
  if (!input) throw new Error(`task ${task._id} has no ${INPUT_CSV}`);
  const processor = await action.open(ctx);
  try {
    return await rowsThrough(deps, lease, ctx, processor, input);
  } catch (err) {
    // Stopped, or failed for good (not a lost lease or a pause another worker resumes from).
    if (!(err instanceof LeaseLost) && !isTransient(err)) {
      await processor.abandon?.().catch((e: unknown) => deps.log.warn(`task ${task._id}: clean-up after the end failed: ${(e as Error).message}`));
    }
    throw err;
  }
}

type Input = NonNullable<Awaited<ReturnType<RunnerDeps['store']['readAttachment']>>>;

async function rowsThrough(deps: RunnerDeps, lease: Lease, ctx: TaskContext, processor: RowsProcessor, input: Input): Promise<string[]> {
  const task = lease.doc;
  const batchSize = task.pvt_batch_size ?? 1000;
  const committed = task.pvt_committed_rows ?? 0;
  let header: string[] | undefined;
  let index = 0;
  let batch: InputRow[] = [];
  for await (const row of csvRows(input)) {
    if (lease.lost) throw new LeaseLost(task._id);
    if (!header) {
      header = row.cells.map((c) => c.trim());
      continue;
    }
    const i = index++;
    if (i < committed) continue;
    batch.push({ index: i, cells: row.cells, byHeader: cellsByHeader(header, row.cells) });
    if (batch.length >= batchSize) {
      await commitBatch(deps, lease, ctx, processor, batch);
      batch = [];
    }
  }
  await commitBatch(deps, lease, ctx, processor, batch);
  if (lease.stopRequested) throw new Stopped();
  await processor.finish?.();
  return [...(header ?? []), ERROR_COLUMN];
}

async function runExport(deps: RunnerDeps, lease: Lease, action: NoInputAction, ctx: TaskContext): Promise<string[]> {
  let batchNo = lease.doc.pvt_committed_rows ?? 0;
  for (;;) {
    const page = await action.nextPage(ctx);
    if (page.rows.length > 0) await deps.store.putOutputPart(lease.taskId, batchNo, page.rows);
    batchNo++;
    const n = page.rows.length;
    await lease.update((cur) => ({
      pvt_committed_rows: batchNo,
      pvt_total_rows_succeeded: (cur.pvt_total_rows_succeeded ?? 0) + n,
      pvt_total_rows_failed: cur.pvt_total_rows_failed ?? 0,
      pvt_state: { ...ctx.state },
      pvt_modified: gregorianNow(),
    }));
    if (!page.more) return action.outputHeader;
    if (lease.stopRequested) throw new Stopped();
  }
}

async function finalize(deps: RunnerDeps, lease: Lease, header: string[] | undefined, status: TaskStatus | 'counts', error?: string): Promise<TaskDoc> {
  if (header) await assembleOutCsv(deps.store, lease.taskId, header);
  const done = await lease.update((cur) => ({
    pvt_status: status === 'counts' ? finishedStatus(cur.pvt_total_rows, cur.pvt_total_rows_succeeded ?? 0, cur.pvt_total_rows_failed ?? 0) : status,
    pvt_ended_at: gregorianNow(),
    pvt_modified: gregorianNow(),
    pvt_total_rows_succeeded: cur.pvt_total_rows_succeeded ?? 0,
    pvt_total_rows_failed: cur.pvt_total_rows_failed ?? 0,
    ...(error ? { pvt_error: error } : {}),
  }));
  // Let go: clear the lease so nothing mistakes the finished task for one to take over.
  const released = await deps.store.update(lease.taskId, (cur) => {
    const { pvt_lease_holder: _h, pvt_lease_expires: _e, pvt_lease_renewed: _r, pvt_lease_renew_ms: _m, ...rest } = cur;
    return rest as TaskDoc;
  });
  await deps.store.deleteOutputParts(lease.taskId);
  return released ?? done;
}

/** Runs the task held by `lease` to completion (or stop); resolves when it is settled here. */
export async function runTask(deps: RunnerDeps, lease: Lease, action: TaskAction | undefined, renewMs: number): Promise<void> {
  const { log } = deps;
  lease.keepAlive(renewMs);
  const ctx = contextFor(deps, lease);
  let header: string[] | undefined;
  try {
    if (!action) {
      await finalize(deps, lease, undefined, 'internal_error', `no category ${lease.doc.pvt_category} / action ${lease.doc.pvt_action} on this worker`);
      deps.metrics?.finished(lease.doc, 'internal_error');
      return;
    }
    header = action.kind === 'rows' ? await runRows(deps, lease, action, ctx) : await runExport(deps, lease, action, ctx);
    await finalize(deps, lease, header, 'counts');
    deps.metrics?.finished(lease.doc, String(lease.doc.pvt_status ?? 'done'));
  } catch (err) {
    if (err instanceof LeaseLost) {
      log.warn(`task ${lease.taskId}: ${err.message}; leaving it to that worker`);
      return;
    }
    if (err instanceof Stopped) {
      const outHeader = header ?? (action?.kind === 'noinput' ? action.outputHeader : await headerOf(deps, lease));
      await finalize(deps, lease, outHeader, 'stopped').catch((e) => log.warn(`task ${lease.taskId}: stop not saved: ${(e as Error).message}`));
      deps.metrics?.finished(lease.doc, 'stopped');
      return;
    }
    if (isTransient(err)) {
      // The database or the network failed: nothing is lost. Let the lease go so this or another
      // worker resumes from the last committed batch.
      log.warn(`task ${lease.taskId} paused: ${(err as Error).message}; it resumes from its last committed batch`);
      await lease.update(() => ({ pvt_lease_expires: 0 })).catch(() => undefined);
      return;
    }
    log.error(`task ${lease.taskId} failed`, { error: (err as Error).stack ?? String(err) });
    deps.metrics?.finished(lease.doc, 'internal_error');
    await finalize(deps, lease, undefined, 'internal_error', (err as Error).message).catch(() => undefined);
  } finally {
    lease.stopRenewing();
  }
}

function isTransient(err: unknown): boolean {
  if (isConflict(err)) return true;
  const e = err as { statusCode?: number; code?: string; message?: string };
  if (typeof e?.statusCode === 'number') return e.statusCode >= 500;
  return ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN'].includes(e?.code ?? '') || /socket hang up|connection/i.test(e?.message ?? '');
}

async function headerOf(deps: RunnerDeps, lease: Lease): Promise<string[] | undefined> {
  const input = await deps.store.readAttachment(lease.taskId, INPUT_CSV);
  if (!input) return undefined;
  for await (const row of csvRows(input)) return [...row.cells.map((c) => c.trim()), ERROR_COLUMN];
  return undefined;
}
