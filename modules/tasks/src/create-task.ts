// Creating a task (cb_tasks PUT + kz_tasks:new), shared by crossbar and the CLI so both take the
// same path: help lookup, who-may check, CSV checks, then the doc and its in.csv. A rejected
// request leaves nothing behind.
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { errors } from '@tollgate/errors';
import type { Bus } from '@tollgate/kazoo-bus';
import { type Couch, gregorianNow } from '@tollgate/kazoo-db';
import { inspectCsv } from './csv-inspect';
import { recordsToCsv } from './csv-text';
import { type ActionHelp, type ActionPolicy, expectsInput } from './task-help';
import { INPUT_CSV, TASK_TYPE, type TaskDoc } from './task-doc';
import { checkTaskRatedecks, taskIsRatedeckAdmin } from './task-ratedecks';
import { TaskStore } from './task-store';
import { lookupTasks } from './tasks-rpc';

export interface TaskCaller {
  authAccountId: string;
  isSuperduperAdmin: boolean;
  /** Whether the task's account is a reseller (kt_rates is_allowed). */
  accountIsReseller: boolean;
  /** The login's priv_level; default `admin` (api keys, the CLI). Only an admin of the superduper_admin account writes system ratedecks. */
  privLevel?: 'admin' | 'user';
}

export interface CreateTaskRequest {
  accountId: string;
  category: string;
  action: string;
  fileName?: string;
  /** A CSV body, or JSON records (`{"data":{"records":[...]}}`), or neither for a no-input action. */
  csv?: Readable;
  records?: Record<string, unknown>[];
  /** Options from the query string / JSON body; only those the action declares are kept. */
  options?: Record<string, unknown>;
  caller: TaskCaller;
}

export interface CreateTaskDeps {
  couch: Couch;
  bus: Bus;
  store?: TaskStore;
  lookupTimeoutMs?: number;
}

/** kz_binary:rand_hex(15): 30 hex characters. */
function newTaskId(): string {
  return randomBytes(15).toString('hex');
}

function checkAllowed(policy: ActionPolicy | undefined, caller: TaskCaller): void {
  const allowed = policy?.allowed ?? 'account';
  if (caller.isSuperduperAdmin) return;
  if (allowed === 'superduper_admin') throw errors.forbidden('only a superduper admin may run this task');
  if (allowed === 'reseller' && !caller.accountIsReseller) throw errors.forbidden('only a superduper admin or a reseller may run this task');
}

function pickOptions(policy: ActionPolicy | undefined, given: Record<string, unknown> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, allowed] of Object.entries(policy?.options ?? {})) {
    const raw = given[key];
    if (raw === undefined || raw === null || raw === '') continue;
    const value = String(raw);
    if (allowed !== 'text' && !allowed.includes(value)) {
      throw errors.field(key, 'enum', 'Value not found in enumerated list of values', { target: allowed, value });
    }
    out[key] = value;
  }
  return out;
}

async function resolveHelp(deps: CreateTaskDeps, category: string, action: string): Promise<{ help: ActionHelp; policy?: ActionPolicy }> {
  const found = await lookupTasks(deps.bus, category, action, deps.lookupTimeoutMs);
  const help = found.help[category]?.[action];
  if (!help) throw errors.badIdentifierList('unknown_category_action');
  return { help, policy: found.policies[category]?.[action] };
}

function newTaskDoc(req: CreateTaskRequest, options: Record<string, string>): TaskDoc {
  const now = gregorianNow();
  return {
    _id: newTaskId(),
    pvt_type: TASK_TYPE,
    pvt_account_id: req.accountId,
    pvt_auth_account_id: req.caller.authAccountId,
    pvt_category: req.category,
    pvt_action: req.action,
    ...(req.fileName ? { pvt_file_name: req.fileName } : {}),
    pvt_created: now,
    pvt_modified: now,
    pvt_vsn: '1',
    pvt_status: 'pending',
    pvt_auth_superduper: req.caller.isSuperduperAdmin,
    pvt_auth_priv_level: req.caller.privLevel ?? 'admin',
    ...(Object.keys(options).length > 0 ? { pvt_options: options } : {}),
  };
}

/** The CSV checks (format, mandatory fields, the account column, the ratedecks written into); the data row count. */
async function inspectInput(deps: CreateTaskDeps, file: string, req: CreateTaskRequest, task: TaskDoc, help: ActionHelp, policy: ActionPolicy | undefined, options: Record<string, string>): Promise<number> {
  const ratedeckField = policy?.ratedeckField !== undefined && !taskIsRatedeckAdmin(task) ? policy.ratedeckField : undefined;
  const inspection = await inspectCsv(createReadStream(file), {
    mandatory: help.mandatory ?? [],
    accountField: req.caller.isSuperduperAdmin ? undefined : policy?.accountField,
    accountId: req.accountId,
    collectField: ratedeckField,
  });
  if (inspection.format) throw errors.field('csv', 'format', inspection.format.message, { cause: inspection.format.cause });
  if (Object.keys(inspection.inputErrors).length > 0) throw errors.badRequest('bad request', inspection.inputErrors);
  if (ratedeckField !== undefined && inspection.collected) {
    await checkTaskRatedecks(deps.couch, inspection.collected, options[ratedeckField], req.accountId, ratedeckField);
  }
  return inspection.totalRows;
}

/** Saves the task and its in.csv; a failed upload leaves no task behind. */
async function saveWithInput(store: TaskStore, doc: TaskDoc, file: string): Promise<TaskDoc> {
  const created = await store.create(doc);
  const { size } = await stat(file);
  try {
    await store.putAttachment(created._id, created._rev as string, INPUT_CSV, createReadStream(file), 'text/csv', size);
  } catch (err) {
    const current = await store.get(created._id);
    if (current) await store.remove(current).catch(() => undefined);
    throw err;
  }
  return (await store.get(created._id)) ?? created;
}

export async function createTask(deps: CreateTaskDeps, req: CreateTaskRequest): Promise<TaskDoc> {
  const store = deps.store ?? new TaskStore({ couch: deps.couch, bus: deps.bus });
  const { help, policy } = await resolveHelp(deps, req.category, req.action);
  checkAllowed(policy, req.caller);
  const options = pickOptions(policy, req.options);
  const hasInput = req.csv !== undefined || (req.records !== undefined && req.records.length > 0);
  if (expectsInput(help) !== hasInput) {
    req.csv?.resume();
    throw errors.badRequest('bad request', { expected_content: help.expected_content ?? 'none' });
  }
  const doc = newTaskDoc(req, options);
  if (!hasInput) return store.create(doc);

  // The body is spooled to a file so it is read twice (checks, then upload) without holding it in memory.
  const dir = await mkdtemp(join(tmpdir(), 'tollgate-task-'));
  const file = join(dir, INPUT_CSV);
  try {
    await pipeline(req.csv ?? Readable.from([recordsToCsv(req.records ?? [])]), createWriteStream(file));
    doc.pvt_total_rows = await inspectInput(deps, file, req, doc, help, policy, options);
    return await saveWithInput(store, doc, file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
