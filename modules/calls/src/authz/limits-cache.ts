// Accounts' limits as authorization reads them, kept in memory: the `limits` doc read once per
// account and dropped when its document event comes (`invalidate`, from a doc_edited /
// doc_created / doc_deleted of type `limits`); read again after KEPT_MS at most, for a write whose
// event was lost. The system_config defaults apply at each read, so a `jonny5` change shows at once.
import type { Couch } from '@tollgate/kazoo-db';
import { type LimitDefaults, type Limits, type LimitsDoc, limitsOf } from '../limits/limits';
import { readLimitsDoc } from '../limits/limits-store';

/** A doc read is trusted this long without an event (events normally drop it sooner). */
export const LIMITS_KEPT_MS = 5 * 60 * 1000;

interface Entry {
  doc: LimitsDoc | undefined;
  at: number;
  defaults: LimitDefaults;
  limits: Limits;
}

export interface LimitsCacheOptions {
  couch: Couch;
  defaults: () => LimitDefaults;
  now?: () => number;
}

export class LimitsCache {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, { promise: Promise<LimitsDoc | undefined>; dropped: boolean }>();
  private readonly now: () => number;

  constructor(private readonly opts: LimitsCacheOptions) {
    this.now = opts.now ?? Date.now;
  }

  async get(accountId: string): Promise<Limits> {
    const defaults = this.opts.defaults();
    const entry = this.entries.get(accountId);
    if (entry && this.now() - entry.at < LIMITS_KEPT_MS) {
      if (entry.defaults !== defaults) {
        entry.defaults = defaults;
        entry.limits = limitsOf(accountId, entry.doc, defaults);
      }
      return entry.limits;
    }
    return limitsOf(accountId, await this.load(accountId), defaults);
  }

  /** The account's limits doc was written: the next read loads it again. */
  invalidate(accountId: string): void {
    this.entries.delete(accountId);
    const inFlight = this.loading.get(accountId);
    if (inFlight) inFlight.dropped = true;
  }

  private load(accountId: string): Promise<LimitsDoc | undefined> {
    const running = this.loading.get(accountId);
    if (running) return running.promise;
    const slot = { promise: Promise.resolve<LimitsDoc | undefined>(undefined), dropped: false };
    slot.promise = readLimitsDoc(this.opts.couch, accountId)
      .then((doc) => {
        if (!slot.dropped) {
          const defaults = this.opts.defaults();
          this.entries.set(accountId, { doc, at: this.now(), defaults, limits: limitsOf(accountId, doc, defaults) });
        }
        return doc;
      })
      .finally(() => this.loading.delete(accountId));
    this.loading.set(accountId, slot);
    return slot.promise;
  }
}
