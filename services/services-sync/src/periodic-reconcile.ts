// Hand edits made in Fauxton publish no document event. Where the server has _db_updates (CouchDB 3)
// account dbs that change are reconciled as they change; everywhere, every account is reconciled
// each reconcile_interval_s seconds.
import { couchEndpoint, parseAccountRef } from '@tollgate/kazoo-db';
import { createLogger } from '@tollgate/log';
import { type ServicesStore, servicesConfig } from '@tollgate/services';

const log = createLogger('services-sync');

export class PeriodicReconcile {
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private stopping = false;
  private running: Promise<void> | undefined;
  private dbUpdates: AbortController | undefined;
  private dbUpdatesLoop: Promise<void> | undefined;

  constructor(
    private readonly store: ServicesStore,
    private readonly onAccountChanged: (accountId: string) => void,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    const cfg = await servicesConfig(this.store.config);
    this.schedule(cfg.reconcileIntervalS * 1000);
    this.dbUpdatesLoop = this.followDbUpdates();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.dbUpdates?.abort();
    await this.running;
    await this.dbUpdatesLoop;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce();
    }, ms);
  }

  private async runOnce(): Promise<void> {
    try {
      await this.reconcileAll();
    } catch (err) {
      log.warn('periodic reconcile failed', { error: (err as Error).message });
    }
    const cfg = await servicesConfig(this.store.config).catch(() => undefined);
    this.running = undefined;
    this.schedule((cfg?.reconcileIntervalS ?? 3600) * 1000);
  }

  async reconcileAll(): Promise<number> {
    let n = 0;
    for (const id of await this.store.allAccountIds()) {
      if (this.stopping) break;
      try {
        await this.store.reconcile(id);
        n++;
      } catch (err) {
        log.warn('periodic reconcile of an account failed', { account: id, error: (err as Error).message });
      }
    }
    return n;
  }

  /** CouchDB 3's _db_updates feed; the embedded server answers 400 and the periodic reconcile covers it. */
  private async followDbUpdates(): Promise<void> {
    const ep = couchEndpoint(this.store.couch.url);
    let since = 'now';
    while (!this.stopped) {
      this.dbUpdates = new AbortController();
      const timer = setTimeout(() => this.dbUpdates?.abort(), 35000);
      try {
        const res = await fetch(`${ep.base}/_db_updates?feed=longpoll&timeout=30000&since=${encodeURIComponent(since)}`, {
          headers: ep.headers,
          signal: this.dbUpdates.signal,
        });
        if (res.status === 400 || res.status === 404 || res.status === 405) return;
        if (res.status !== 200) throw new Error(`_db_updates: HTTP ${res.status}`);
        const body = (await res.json()) as { results?: { db_name: string; type: string; seq: string }[]; last_seq?: string };
        for (const r of body.results ?? []) {
          const ref = parseAccountRef(r.db_name);
          if (ref && ref.year === undefined && r.type === 'updated') this.onAccountChanged(ref.accountId);
        }
        if (body.last_seq) since = body.last_seq;
      } catch (err) {
        if (this.stopped) return;
        if ((err as Error).name !== 'AbortError') {
          log.warn('_db_updates failed; retrying', { error: (err as Error).message });
          await new Promise((r) => setTimeout(r, 5000));
        }
      } finally {
        clearTimeout(timer);
      }
    }
  }
}
