// Balances a host consults often (charging: after each batch of debits, before each authorization)
// kept per account in memory: loaded through `balance`, reloaded once older than `maxAgeMs`,
// moved at once by what this process itself writes (`debited`, `credited`), and dropped when
// someone else's write is announced (`invalidate`, from a credit/debit doc event).
// A debit of this process written while a load was reading may be in the loaded figure or not:
// it is applied to it, and the figure may be off by that write until the next reload (at most
// `maxAgeMs`). Reloading at once instead would, under a steady stream of batches, reload at every
// batch — reading every doc written back from CouchDB.
import type { Couch } from '@tollgate/kazoo-db';
import { balance } from './read-transactions';

interface Entry {
  units: number;
  loadedAt: number;
}

export interface BalanceCacheOptions {
  couch: Couch;
  /** How long a loaded balance is trusted (ms), read at each use. */
  maxAgeMs: () => number;
  now?: () => number;
}

export class BalanceCache {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, { promise: Promise<number>; moved: number; dropped: boolean }>();
  private readonly now: () => number;

  constructor(private readonly opts: BalanceCacheOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** The account's balance in units. */
  async get(accountId: string): Promise<number> {
    const entry = this.entries.get(accountId);
    if (entry && this.now() - entry.loadedAt < this.opts.maxAgeMs()) return entry.units;
    return this.load(accountId);
  }

  /** This process debited the account: the cached balance moves now. */
  debited(accountId: string, units: number): void {
    this.move(accountId, -units);
  }

  credited(accountId: string, units: number): void {
    this.move(accountId, units);
  }

  /** Someone else changed the account's balance: the next read loads it again. */
  invalidate(accountId: string): void {
    this.entries.delete(accountId);
    const inFlight = this.loading.get(accountId);
    if (inFlight) inFlight.dropped = true;
  }

  private move(accountId: string, delta: number): void {
    const entry = this.entries.get(accountId);
    if (entry) entry.units += delta;
    const inFlight = this.loading.get(accountId);
    if (inFlight) inFlight.moved += delta;
  }

  private load(accountId: string): Promise<number> {
    const running = this.loading.get(accountId);
    if (running) return running.promise;
    const slot = { promise: Promise.resolve(0), moved: 0, dropped: false };
    slot.promise = balance(this.opts.couch, accountId)
      .then((loaded) => {
        const units = loaded + slot.moved;
        // Invalidated while loading: someone else's write may be missing; used once, loaded again next time.
        if (!slot.dropped) this.entries.set(accountId, { units, loadedAt: this.now() });
        return units;
      })
      .finally(() => this.loading.delete(accountId));
    this.loading.set(accountId, slot);
    return slot.promise;
  }
}
