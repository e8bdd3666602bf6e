// The tasks service: answers kapi_tasks lookup/start/stop on a queue shared by every instance,
// runs the tasks it claims, and takes over running tasks whose worker's lease ran out.
import { randomBytes } from 'node:crypto';
import type { LiveSettings } from '@tollgate/config';
import {
  type Consumer,
  type KazooMessage,
  TASKS_EXCHANGE,
  TASKS_QUEUE,
  TASKS_REPLY,
  TASKS_REQUEST_TTL_MS,
  TASKS_ROUTING,
  tasksLookupReq,
  tasksLookupResp,
  tasksStartReq,
  tasksStartResp,
  tasksStopReq,
  tasksStopResp,
} from '@tollgate/kazoo-bus';
import { createLogger } from '@tollgate/log';
import { type Metrics, metricsOf, type ServiceDeps } from '@tollgate/service-kit';
import { publicTask, startTasksSettings, type TaskDoc, TaskStore, type TasksHelp, type TasksPolicies, type TasksSettings } from '@tollgate/tasks';
import type { TaskAction, TaskCategory } from './categories/category';
import { claimToResume, claimToStart, Lease, type LeaseOptions } from './runner/lease';
import { runTask, type TaskMetrics } from './runner/task-runner';

const log = createLogger('tasks');

/**
 * The regular scan interval, or sooner when a lease another worker holds runs out before it: a
 * task whose worker died is taken over when its lease expires (the `resumes_at` its JSON shows),
 * not up to a scan interval later. A live worker's lease is always a TTL ahead, so it costs no scan.
 */
function nextScanDelay(scanMs: number, nextExpiry: number | undefined, now: number): number {
  if (nextExpiry === undefined) return scanMs;
  return Math.min(scanMs, Math.max(50, nextExpiry - now + 20));
}

function taskMetrics(m: Metrics): TaskMetrics {
  const rows = m.counter('tollgate_tasks_rows_total', 'CSV rows processed by tasks, per category, action and result (succeeded, failed)', ['category', 'action', 'result']);
  const tasks = m.counter('tollgate_tasks_finished_total', 'tasks settled on this worker, per category, action and status', ['category', 'action', 'status']);
  const failures = m.counter('tollgate_tasks_failures_total', 'tasks that ended in internal_error (a crash, not failed rows)', ['category', 'action']);
  return {
    rows(task, succeeded, failed) {
      const l = { service: 'tasks', category: String(task.pvt_category), action: String(task.pvt_action) };
      if (succeeded > 0) rows.inc({ ...l, result: 'succeeded' }, succeeded);
      if (failed > 0) rows.inc({ ...l, result: 'failed' }, failed);
    },
    finished(task, status) {
      const l = { service: 'tasks', category: String(task.pvt_category), action: String(task.pvt_action) };
      tasks.inc({ ...l, status });
      if (status === 'internal_error') failures.inc(l);
    },
  };
}

export class TasksService {
  readonly holder: string;
  private readonly store: TaskStore;
  private readonly running = new Map<string, Promise<void>>();
  private consumer: Consumer | undefined;
  private scanTimer: NodeJS.Timeout | undefined;
  private scanning: Promise<void> | undefined;
  private stopped = false;
  private live: LiveSettings<TasksSettings> | undefined;
  private readonly scanWaiters: (() => void)[] = [];
  private readonly metrics: TaskMetrics;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly categories: readonly TaskCategory[],
  ) {
    this.store = new TaskStore({ couch: deps.couch, bus: deps.bus, config: deps.config });
    this.metrics = taskMetrics(metricsOf(deps));
    // Unique per process: two instances on one host share a node name but never a lease.
    this.holder = `${deps.node}/${process.pid}/${randomBytes(4).toString('hex')}`;
  }

  /** system_config `tasks` as it is now (followed live: a change applies from the next lease, batch or scan). */
  get settings(): TasksSettings {
    if (!this.live) throw new Error('the tasks service is not started');
    return this.live.current;
  }

  async start(): Promise<this> {
    this.live = await startTasksSettings(this.deps.config);
    this.consumer = await this.deps.bus.consume(
      { queue: TASKS_QUEUE, messageTtlMs: TASKS_REQUEST_TTL_MS, bindings: Object.values(TASKS_ROUTING).map((routingKey) => ({ exchange: TASKS_EXCHANGE, routingKey })) },
      (msg) => this.handle(msg),
    );
    this.scheduleScan(0);
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.live?.stop();
    if (this.scanTimer) clearTimeout(this.scanTimer);
    await this.consumer?.cancel().catch(() => undefined);
    await this.scanning;
    // Tasks in flight keep their lease until it runs out; another instance resumes them.
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...this.running.values()]), new Promise((r) => (grace = setTimeout(r, 2000)))]);
    clearTimeout(grace);
  }

  action(category: string, action: string): TaskAction | undefined {
    return this.categories.find((c) => c.name === category)?.actions[action];
  }

  help(category?: string, action?: string): { help: TasksHelp; policies: TasksPolicies } {
    const help: TasksHelp = {};
    const policies: TasksPolicies = {};
    for (const c of this.categories) {
      if (category && c.name !== category) continue;
      for (const [name, a] of Object.entries(c.actions)) {
        if (action && name !== action) continue;
        help[c.name] ??= {};
        policies[c.name] ??= {};
        help[c.name][name] = a.help;
        policies[c.name][name] = a.policy;
      }
    }
    return { help, policies };
  }

  private leaseOptions(): LeaseOptions {
    return { holder: this.holder, node: this.deps.node, ttlMs: this.settings.leaseTtlMs, renewMs: this.settings.leaseRenewMs, batchSize: this.settings.batchSize };
  }

  private async handle(msg: KazooMessage): Promise<void> {
    const bus = this.deps.bus;
    if (tasksLookupReq.validate(msg).ok) {
      const { help, policies } = this.help(msg.Category as string | undefined, msg.Action as string | undefined);
      await bus.reply(msg, tasksLookupResp.build({ Help: help, Policies: policies }, bus.envelope()));
    } else if (tasksStartReq.validate(msg).ok) {
      const reply = await this.startTask(String(msg['Task-ID']));
      await bus.reply(msg, tasksStartResp.build({ Reply: reply }, bus.envelope()));
    } else if (tasksStopReq.validate(msg).ok) {
      const reply = await this.stopTask(String(msg['Task-ID']));
      await bus.reply(msg, tasksStopResp.build({ Reply: reply }, bus.envelope()));
    }
  }

  private async startTask(taskId: string): Promise<unknown> {
    const outcome = await claimToStart(this.store, taskId, this.leaseOptions());
    if ('refused' in outcome) return outcome.refused === 'already_started' ? TASKS_REPLY.alreadyStarted : TASKS_REPLY.notFound;
    this.launch(outcome.claimed);
    return publicTask(outcome.claimed);
  }

  private async stopTask(taskId: string): Promise<unknown> {
    const doc = await this.store.get(taskId);
    if (!doc) return TASKS_REPLY.notFound;
    if (doc.pvt_status !== 'executing') return TASKS_REPLY.notRunning;
    const askedAt = Date.now();
    const allowance = 2 * this.settings.leaseRenewMs + 2000;
    await this.store.requestStop(taskId);
    // The worker holding it stops at its next checkpoint (within the allowance); one whose worker
    // is gone is resumed here and stops at its first.
    // The caller waits TASKS_REQUEST_TTL_MS at most: answer (with the stop requested) before that.
    const deadline = Math.min(Date.now() + allowance, askedAt + TASKS_REQUEST_TTL_MS - 1000);
    for (;;) {
      const cur = await this.store.get(taskId);
      if (cur?.pvt_status !== 'executing') return cur ? publicTask(cur, true) : TASKS_REPLY.notFound;
      if (!this.running.has(taskId) && (cur.pvt_lease_expires ?? 0) < Date.now()) {
        const claim = await claimToResume(this.store, taskId, this.leaseOptions());
        if ('claimed' in claim) this.launch(claim.claimed);
      }
      if (Date.now() > deadline) return publicTask(cur, true);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  private launch(doc: TaskDoc): void {
    if (this.running.has(doc._id)) return;
    const lease = new Lease(this.store, doc, this.leaseOptions());
    const deps = { couch: this.deps.couch, bus: this.deps.bus, config: this.deps.config, store: this.store, log, metrics: this.metrics };
    const run = runTask(deps, lease, this.action(doc.pvt_category, doc.pvt_action), this.settings.leaseRenewMs)
      .catch((err) => {
        log.error(`task ${doc._id} crashed`, { error: (err as Error).message });
      })
      .finally(() => this.running.delete(doc._id));
    this.running.set(doc._id, run);
  }

  private scheduleScan(delayMs: number): void {
    if (this.stopped) return;
    this.scanTimer = setTimeout(() => {
      const waiting = this.scanWaiters.splice(0);
      this.scanning = this.scan().then((nextExpiry) => {
        for (const done of waiting) done();
        this.scheduleScan(nextScanDelay(this.settings.takeoverScanMs, nextExpiry, Date.now()));
      });
    }, delayMs);
    this.scanTimer.unref();
  }

  /** Resolves once a takeover scan that starts after this call has finished. */
  nextScan(): Promise<void> {
    return new Promise((resolve) => this.scanWaiters.push(resolve));
  }

  /**
   * Takes over executing tasks whose worker is gone (lease expired, or never claimed); gives the
   * earliest expiry of the leases other workers still hold, so that the next scan can be then.
   */
  private async scan(): Promise<number | undefined> {
    let nextExpiry: number | undefined;
    try {
      for (const doc of await this.store.executing()) {
        if (this.stopped) return undefined;
        if (this.running.has(doc._id)) continue;
        const expires = doc.pvt_lease_expires ?? 0;
        if (doc.pvt_lease_holder && expires > Date.now()) {
          nextExpiry = Math.min(nextExpiry ?? expires, expires);
          continue;
        }
        const claim = await claimToResume(this.store, doc._id, this.leaseOptions());
        if ('claimed' in claim) {
          log.info(`taking over task ${doc._id} at row ${claim.claimed.pvt_committed_rows ?? 0} (previous worker ${doc.pvt_worker_node ?? 'none'})`);
          this.launch(claim.claimed);
        }
      }
    } catch (err) {
      log.warn('looking for abandoned tasks failed', { error: (err as Error).message });
    }
    return nextExpiry;
  }

  /** Tasks this instance is running now. */
  get runningTasks(): string[] {
    return [...this.running.keys()];
  }

  /** Resolves when the given task's run on this instance has settled. */
  async settled(taskId: string): Promise<void> {
    await this.running.get(taskId);
  }
}
