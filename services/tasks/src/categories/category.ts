// What a task category plugs into the runner with. A category is a folder under categories/ and
// one line in registry.ts.
import type { SystemConfig } from '@tollgate/config';
import type { Bus } from '@tollgate/kazoo-bus';
import type { Couch } from '@tollgate/kazoo-db';
import type { Logger } from '@tollgate/log';
import type { ActionHelp, ActionPolicy, TaskDoc } from '@tollgate/tasks';

export interface TaskContext {
  task: TaskDoc;
  couch: Couch;
  bus: Bus;
  config: SystemConfig;
  log: Logger;
  /** Small JSON state saved with every checkpoint; a worker taking over starts from the saved one. */
  state: Record<string, unknown>;
  /** Saves `state` now (for work done after the last row, e.g. retiring rates). */
  checkpoint(): Promise<void>;
}

/** One input row: its position (0 = first data row), its cells, and cells by header name. */
export interface InputRow {
  index: number;
  cells: string[];
  byHeader: Record<string, string | undefined>;
}

/** The result of one row: imported (maybe with a warning for out.csv) or failed with a reason. */
export type RowOutcome = { ok: true; warning?: string } | { ok: false; reason: string };

export interface RowsProcessor {
  /**
   * Handles a batch and returns one outcome per row, in order. A batch may be handled again after
   * a takeover, so writes must be idempotent (deterministic ids, merge over what is there).
   */
  processBatch(rows: InputRow[]): Promise<RowOutcome[]>;
  /** After the last row; may run again after a takeover. */
  finish?(): Promise<void>;
  /** The task ended without finishing (stopped, or failed for good); best effort, errors are only logged. */
  abandon?(): Promise<void>;
}

export interface RowsAction {
  kind: 'rows';
  help: ActionHelp;
  policy: ActionPolicy;
  open(ctx: TaskContext): Promise<RowsProcessor> | RowsProcessor;
}

export interface ExportPage {
  rows: string[][];
  /** False once everything has been written. */
  more: boolean;
}

/** An action without input that writes out.csv (export): page by page, resumable from ctx.state. */
export interface NoInputAction {
  kind: 'noinput';
  help: ActionHelp;
  policy: ActionPolicy;
  outputHeader: string[];
  nextPage(ctx: TaskContext): Promise<ExportPage>;
}

export type TaskAction = RowsAction | NoInputAction;

export interface TaskCategory {
  name: string;
  actions: Record<string, TaskAction>;
}
