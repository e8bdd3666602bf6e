// Hand edits made in Fauxton publish no document event. Where the server has _db_updates (CouchDB 3)
// account dbs that change are reconciled as they change; everywhere, every account is reconciled
// each reconcile_interval_s seconds.
import { setTimeout as sleep } from 'node:timers/promises';
import { dbUpdatesLongpoll, parseAccountRef } from '@tollgate/kazoo-db';
import { createLogger } from '@tollgate/log';
import type { ServicesStore } from '@tollgate/services';

const log = createLogger('services-sync');

/** A long poll is abandoned after this long (the embedded server ignores `timeout`). */
const LONGPOLL_DEADLINE_MS = 35_000;
const RETRY_MS = 5_000;

export class PeriodicReconcile {
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private running: Promise<void> | undefined;
  private stopping = new AbortController();
  private dbUpdatesLoop: Promise<void> | undefined;

  constructor(
    private readonly store: ServicesStore,
    private readonly onAccountChanged: (accountId: string) => void,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    this.stopping = new AbortController();
    this.schedule();
    this.dbUpdatesLoop = this.followDbUpdates();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    await this.dbUpdatesLoop;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce();
    }, this.store.settings.current.reconcileIntervalS * 1000);
  }

  private async runOnce(): Promise<void> {
    try {
      await this.reconcileAll();
    } catch (err) {
      log.warn('periodic reconcile failed', { error: (err as Error).message });
    }
    this.running = undefined;
    this.schedule();
  }

  async reconcileAll(): Promise<number> {
    let n = 0;
    for (const id of await this.store.allAccountIds()) {
      if (this.stopping.signal.aborted) break;
      try {
        await this.store.reconcile(id);
        n++;
      } catch (err) {
        log.warn('periodic reconcile of an account failed', { account: id, error: (err as Error).message });
      }
    }
    return n;
  }

  /** CouchDB 3's _db_updates feed; the embedded server does not serve it and the periodic reconcile covers it. */
  private async followDbUpdates(): Promise<void> {
    let since = 'now';
    while (!this.stopped) {
      try {
        const signal = AbortSignal.any([this.stopping.signal, AbortSignal.timeout(LONGPOLL_DEADLINE_MS)]);
        const page = await dbUpdatesLongpoll(this.store.couch.url, since, signal);
        if (page === 'unsupported') return;
        for (const r of page.results) {
          const ref = parseAccountRef(r.db_name);
          if (ref && ref.year === undefined && r.type === 'updated') this.onAccountChanged(ref.accountId);
        }
        since = page.lastSeq;
      } catch (err) {
        if (this.stopped) return;
        const name = (err as Error).name;
        if (name !== 'AbortError' && name !== 'TimeoutError') {
          log.warn('_db_updates failed; retrying', { error: (err as Error).message });
          await sleep(RETRY_MS, undefined, { signal: this.stopping.signal }).catch(() => undefined);
        }
      }
    }
  }
}
