// Follows a database's _changes feed with long polls. The position (`since`, opaque: an integer
// on the embedded server, a string on CouchDB 3) is saved in a _local doc after each batch is
// handled, so a restarted follower continues where it stopped. A database server that goes away
// is retried with backoff; the follower never gives up while running.
import { createLogger } from '@tollgate/log';
import { type CouchEndpoint, couchEndpoint } from './http';

const log = createLogger('changes-follower');

export type Seq = string | number;

/** The number an update_seq begins with (CouchDB 3's are `"<n>-<opaque>"`, the embedded server's integers); NaN for none. */
export function seqNumber(seq: Seq): number {
  return typeof seq === 'number' ? seq : Number.parseInt(String(seq), 10);
}

export interface Change {
  id: string;
  seq: Seq;
  deleted?: boolean;
  changes: { rev: string }[];
  doc?: Record<string, unknown> & { _id: string; _rev?: string };
}

export interface ChangesFollowerOptions {
  couchUrl: string;
  db: string;
  /** Names the checkpoint (`_local/tollgate-changes-<name>` in the followed db); omit to keep none. */
  checkpoint?: string;
  /** Where to begin when there is no checkpoint: 'now' (default) or '0' (everything). */
  since?: Seq | 'now';
  includeDocs?: boolean;
  /** Max changes per batch. */
  limit?: number;
  /** Long-poll timeout; the client aborts too, since the embedded server ignores `timeout`. */
  pollTimeoutMs?: number;
  /** Handles one batch; the batch is checkpointed only after this resolves. */
  onChanges: (changes: Change[]) => Promise<void> | void;
  /** Wait this long for a database that does not exist yet before asking again. */
  missingDbRetryMs?: number;
}

interface ChangesResponse {
  results: Change[];
  last_seq: Seq;
}

const MAX_BACKOFF_MS = 5000;

/** What the health endpoint and the lag metric show of a running follower. */
export interface FollowerState {
  db: string;
  /** Its checkpoint name, when it keeps one. */
  name?: string;
  /** Seen every change there is (or waiting on a long poll for the next). */
  caughtUp: boolean;
  /** Seconds since it was last caught up; 0 while it is. */
  lagSeconds: number;
}

const running = new Set<ChangesFollower>();

/** Every follower running in this process. */
export function followerStates(): FollowerState[] {
  return [...running].map((f) => f.state());
}

export class ChangesFollower {
  private readonly opts: Required<Omit<ChangesFollowerOptions, 'checkpoint'>> & { checkpoint?: string };
  private readonly endpoint: CouchEndpoint;
  private since: Seq | undefined;
  private checkpointRev: string | undefined;
  private running = false;
  private loop: Promise<void> | undefined;
  private abort: AbortController | undefined;
  private caughtUpWaiters: (() => void)[] = [];
  private backoffMs = 100;
  /** True once a poll returned no more pending changes. */
  caughtUp = false;
  /** When it last stopped being caught up (started, a batch arrived, a poll failed); undefined while it is. */
  private behindSince: number | undefined;

  constructor(opts: ChangesFollowerOptions) {
    this.opts = {
      since: 'now',
      includeDocs: false,
      limit: 500,
      pollTimeoutMs: 25000,
      missingDbRetryMs: 1000,
      ...opts,
    };
    this.endpoint = couchEndpoint(opts.couchUrl);
  }

  get position(): Seq | undefined {
    return this.since;
  }

  /** How far behind it is (the lag metric, /health). */
  state(): FollowerState {
    const behind = this.behindSince;
    return {
      db: this.opts.db,
      ...(this.opts.checkpoint ? { name: this.opts.checkpoint } : {}),
      caughtUp: behind === undefined,
      lagSeconds: behind === undefined ? 0 : (Date.now() - behind) / 1000,
    };
  }

  start(): this {
    if (this.running) return this;
    this.running = true;
    this.behindSince = Date.now();
    running.add(this);
    this.loop = this.run();
    return this;
  }

  /** Stops after the batch in flight is handled and checkpointed. */
  async stop(): Promise<void> {
    this.running = false;
    running.delete(this);
    this.abort?.abort();
    this.wakeSleeper?.();
    await this.loop;
    this.loop = undefined;
  }

  /** Resolves once the follower has seen every change that existed when it was called. */
  waitCaughtUp(): Promise<void> {
    if (this.caughtUp) return Promise.resolve();
    return new Promise((resolve) => this.caughtUpWaiters.push(resolve));
  }

  private url(path: string): string {
    return `${this.endpoint.base}/${encodeURIComponent(this.opts.db)}/${path}`;
  }

  private get checkpointId(): string | undefined {
    return this.opts.checkpoint ? `_local/tollgate-changes-${this.opts.checkpoint}` : undefined;
  }

  /** `poll` requests are aborted by stop(); checkpoint writes are not, so a stop never loses one. */
  private async request<T>(url: string, init: RequestInit = {}, timeoutMs = 10000, poll = false): Promise<{ status: number; body: T }> {
    const abort = new AbortController();
    if (poll) this.abort = abort;
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    try {
      const res = await fetch(url, {
        ...init,
        headers: { ...this.endpoint.headers, 'content-type': 'application/json', ...(init.headers as object) },
        signal: abort.signal,
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : {}) as T };
    } finally {
      clearTimeout(timer);
    }
  }

  private async loadStart(): Promise<boolean> {
    const id = this.checkpointId;
    if (id) {
      const res = await this.request<{ _rev?: string; since?: Seq; reason?: string }>(this.url(id));
      if (res.status === 200) {
        this.checkpointRev = res.body._rev;
        this.since = res.body.since;
        return true;
      }
      const docMissing = res.status === 404 && (res.body.reason === 'missing' || res.body.reason === 'deleted');
      if (res.status === 404 && !docMissing) return false; // the db itself is missing
      if (res.status !== 404) throw new Error(`checkpoint read failed: HTTP ${res.status}`);
    }
    if (this.opts.since === 'now') {
      const info = await this.request<{ update_seq?: Seq; error?: string }>(`${this.endpoint.base}/${encodeURIComponent(this.opts.db)}`);
      if (info.status === 404) return false;
      if (info.status !== 200 || info.body.update_seq === undefined) throw new Error(`db info failed: HTTP ${info.status}`);
      this.since = info.body.update_seq;
    } else {
      this.since = this.opts.since;
    }
    return true;
  }

  private async saveCheckpoint(): Promise<void> {
    const id = this.checkpointId;
    if (!id || this.since === undefined) return;
    const doc: Record<string, unknown> = { since: this.since };
    if (this.checkpointRev) doc._rev = this.checkpointRev;
    const res = await this.request<{ rev?: string; error?: string }>(this.url(id), { method: 'PUT', body: JSON.stringify(doc) });
    if (res.status === 409) {
      // Someone else wrote the checkpoint (a second copy of this follower); take its rev and retry once.
      const cur = await this.request<{ _rev?: string }>(this.url(id));
      this.checkpointRev = cur.body._rev;
      return this.saveCheckpoint();
    }
    if (res.status >= 300) throw new Error(`checkpoint write failed: HTTP ${res.status}`);
    this.checkpointRev = res.body.rev;
  }

  private markCaughtUp(): void {
    this.caughtUp = true;
    const waiters = this.caughtUpWaiters;
    this.caughtUpWaiters = [];
    for (const w of waiters) w();
  }

  private wakeSleeper: (() => void) | undefined;

  /** A pause that stop() cuts short, so stopping never waits out a backoff. */
  private async sleep(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeSleeper = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wakeSleeper = undefined;
  }

  private async run(): Promise<void> {
    let started = false;
    while (this.running) {
      try {
        if (!started) {
          started = await this.loadStart();
          if (!started) {
            this.behindSince = undefined; // no db yet: nothing to be behind on
            await this.sleep(this.opts.missingDbRetryMs);
            continue;
          }
        }
        const qs = new URLSearchParams({
          feed: this.caughtUp ? 'longpoll' : 'normal',
          since: String(this.since),
          limit: String(this.opts.limit),
          timeout: String(this.opts.pollTimeoutMs),
          heartbeat: 'false',
        });
        if (this.opts.includeDocs) qs.set('include_docs', 'true');
        const res = await this.request<ChangesResponse & { error?: string; reason?: string }>(
          this.url(`_changes?${qs}`),
          {},
          this.opts.pollTimeoutMs + 5000,
          true,
        );
        if (res.status === 404) {
          await this.sleep(this.opts.missingDbRetryMs);
          continue;
        }
        if (res.status !== 200) throw new Error(`_changes failed: HTTP ${res.status} ${res.body.reason ?? ''}`);
        this.backoffMs = 100;
        const { results, last_seq } = res.body;
        if (results.length > 0) {
          this.behindSince ??= Date.now();
          await this.opts.onChanges(results);
          this.since = last_seq;
          await this.saveCheckpoint();
        } else {
          this.since = last_seq ?? this.since;
        }
        if (results.length < this.opts.limit) {
          this.behindSince = undefined;
          this.markCaughtUp();
        }
      } catch (err) {
        if (!this.running) break;
        if ((err as Error).name === 'AbortError') continue; // long poll ran out: ask again
        this.behindSince ??= Date.now();
        log.warn(`following ${this.opts.db} failed; retrying in ${this.backoffMs} ms`, { error: (err as Error).message });
        await this.sleep(this.backoffMs);
        this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
      }
    }
  }
}
