// A task as stored in the `tasks` db (kz_tasks:to_json) plus what Tollgate adds to run it safely
// on one of several workers (a lease and a committed-rows checkpoint), and its public JSON.
import { type Doc, GREGORIAN_OFFSET } from '@tollgate/kazoo-db';

export const TASKS_DB = 'tasks';
export const TASK_TYPE = 'task';
export const INPUT_CSV = 'in.csv';
export const OUTPUT_CSV = 'out.csv';

const TASK_STATUSES = ['pending', 'executing', 'stopped', 'success', 'failure', 'partial', 'internal_error'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export interface TaskDoc extends Doc {
  _id: string;
  pvt_type: typeof TASK_TYPE;
  pvt_account_id: string;
  pvt_auth_account_id: string;
  pvt_category: string;
  pvt_action: string;
  pvt_file_name?: string;
  pvt_created: number;
  pvt_modified: number;
  pvt_started_at?: number;
  pvt_ended_at?: number;
  /** CSV data rows (header excluded); absent for a task without input. */
  pvt_total_rows?: number;
  pvt_total_rows_failed?: number;
  pvt_total_rows_succeeded?: number;
  pvt_status: TaskStatus;
  /** Node of the worker that runs (or ran) it. */
  pvt_worker_node?: string;
  /** Whether the creator was a superduper admin: categories decide what a row may touch from it. */
  pvt_auth_superduper?: boolean;
  /** The creator's priv_level (`admin` for api keys and the CLI); absent on tasks created before it was recorded (read as admin). */
  pvt_auth_priv_level?: 'admin' | 'user';
  /** Options given at creation (e.g. mode=replace, a default ratedeck_id). */
  pvt_options?: Record<string, string>;
  /** The worker instance holding the task and until when (epoch ms); another may take it after. */
  pvt_lease_holder?: string;
  pvt_lease_expires?: number;
  /** When the holder last renewed it (epoch ms), and how often it said it would: its heartbeat. */
  pvt_lease_renewed?: number;
  pvt_lease_renew_ms?: number;
  /** Input rows whose results are saved: a worker taking over resumes after them. */
  pvt_committed_rows?: number;
  pvt_batch_size?: number;
  /** Rows that were imported with a warning (also listed in out.csv). */
  pvt_total_rows_warned?: number;
  /** Category state that must survive a takeover (small). */
  pvt_state?: Record<string, unknown>;
  pvt_stop_requested?: boolean;
  pvt_error?: string;
  _attachments?: Record<string, { content_type?: string; length?: number; stub?: boolean }>;
}

export function isTaskDoc(doc: unknown): doc is TaskDoc {
  return typeof doc === 'object' && doc !== null && (doc as { pvt_type?: unknown }).pvt_type === TASK_TYPE;
}

/** kz_tasks status/1 for a finished task: from its counts. */
export function finishedStatus(total: number | undefined, succeeded: number, failed: number): TaskStatus {
  if (total === undefined) {
    if (failed === 0) return 'success';
    return succeeded === 0 ? 'failure' : 'partial';
  }
  if (failed === 0 && succeeded >= total) return 'success';
  if (succeeded === 0 && failed >= total && total > 0) return 'failure';
  return 'partial';
}

/** Attachment names, out.csv first as Kazoo lists them. */
function csvNames(doc: TaskDoc): string[] {
  return Object.keys(doc._attachments ?? {}).sort().reverse();
}

export interface PublicTask {
  id: string;
  node?: string;
  account_id: string;
  auth_account_id: string;
  category: string;
  action: string;
  file_name?: string;
  created: number;
  start_timestamp?: number;
  end_timestamp?: number;
  total_count?: number;
  failure_count?: number;
  success_count?: number;
  status: TaskStatus;
  csvs?: string[];
  /** Tollgate: rates withdrawn by a mode=replace import. */
  retired_count?: number;
  /** Tollgate: rows imported with a warning (see out.csv). */
  warning_count?: number;
  mode?: string;
  error?: string;
  /** Tollgate, while executing: the worker running it, and whether its heartbeat is still coming. */
  worker?: TaskWorker;
  /** Tollgate, while its worker is gone: when another worker takes it over (gregorian seconds). */
  resumes_at?: number;
}

export interface TaskWorker {
  node?: string;
  alive: boolean;
  /** Its last heartbeat (gregorian seconds). */
  last_seen?: number;
}

/** Heartbeats a worker may miss before its task reads as abandoned (its lease still runs on). */
const MISSED_HEARTBEATS = 2;

function gregorianOfMs(ms: number, round: (x: number) => number = Math.floor): number {
  return round(ms / 1000) + GREGORIAN_OFFSET;
}

/**
 * The worker of an executing task as seen at `now`: gone once its lease ran out or it missed
 * MISSED_HEARTBEATS renewals; then `resumesAt` is when its lease runs out and any instance takes
 * the task over, or `now` once it has run out (the next instance to look takes it).
 */
function taskWorker(doc: TaskDoc, now = Date.now()): { worker: TaskWorker; resumesAt?: number } | undefined {
  if (doc.pvt_status !== 'executing') return undefined;
  const expires = doc.pvt_lease_holder ? (doc.pvt_lease_expires ?? 0) : 0;
  const renewed = doc.pvt_lease_renewed;
  const stale = renewed !== undefined && doc.pvt_lease_renew_ms !== undefined && now - renewed > (MISSED_HEARTBEATS + 1) * doc.pvt_lease_renew_ms;
  const alive = expires > now && !stale;
  const worker = defined({ node: doc.pvt_worker_node, alive, last_seen: renewed === undefined ? undefined : gregorianOfMs(renewed) });
  return alive ? { worker } : { worker, resumesAt: Math.max(expires, now) };
}

function defined<T extends object>(obj: T): T {
  for (const k of Object.keys(obj) as (keyof T)[]) if (obj[k] === undefined) delete obj[k];
  return obj;
}

/** The flat public fields (kz_tasks:to_public_json without the _read_only wrapper), as of `now`. */
export function publicTaskFields(doc: TaskDoc, withCsvs = false, now = Date.now()): PublicTask {
  const retired = doc.pvt_state?.retired_count;
  const running = taskWorker(doc, now);
  return defined({
    id: doc._id,
    node: doc.pvt_worker_node,
    account_id: doc.pvt_account_id,
    auth_account_id: doc.pvt_auth_account_id,
    category: doc.pvt_category,
    action: doc.pvt_action,
    file_name: doc.pvt_file_name,
    created: doc.pvt_created,
    start_timestamp: doc.pvt_started_at,
    end_timestamp: doc.pvt_ended_at,
    total_count: doc.pvt_total_rows,
    failure_count: doc.pvt_total_rows_failed,
    success_count: doc.pvt_total_rows_succeeded,
    status: doc.pvt_status,
    csvs: withCsvs ? csvNames(doc) : undefined,
    retired_count: typeof retired === 'number' ? retired : undefined,
    warning_count: doc.pvt_total_rows_warned || undefined,
    mode: doc.pvt_options?.mode,
    error: doc.pvt_status === 'internal_error' ? doc.pvt_error : undefined,
    worker: running?.worker,
    resumes_at: running?.resumesAt === undefined ? undefined : gregorianOfMs(running.resumesAt, Math.ceil),
  });
}

/** What PUT/PATCH/GET answer: `{"_read_only": {...}}`. */
export function publicTask(doc: TaskDoc, withCsvs = false, now = Date.now()): { _read_only: PublicTask } {
  return { _read_only: publicTaskFields(doc, withCsvs, now) };
}
