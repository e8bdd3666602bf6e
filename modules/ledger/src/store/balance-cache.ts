// Balances a host consults often (charging: after each batch of debits, before each authorization)
// kept per account in memory: loaded through `balance`, reloaded once older than `maxAgeMs`,
// moved at once by what this process itself writes (`debited`, `credited`), and dropped when
// someone else's write is announced (`invalidate`, from a credit/debit doc event). A load that
// a write of this process overtook is used once and reloaded at the next read.
import type { Couch } from '@tollgate/kazoo-db';
import { balance } from './read-transactions';

interface Entry {
  units: number;
  loadedAt: number;
  /** Written to while its load was running: the loaded figure may miss that write. */
  stale: boolean;
}

export interface BalanceCacheOptions {
  couch: Couch;
  /** How long a loaded balance is trusted (ms), read at each use. */
  maxAgeMs: () => number;
  now?: () => number;
}

export class BalanceCache {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, { promise: Promise<number>; touched: boolean }>();
  private readonly now: () => number;

  constructor(private readonly opts: BalanceCacheOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** The account's balance in units. */
  async get(accountId: string): Promise<number> {
    const entry = this.entries.get(accountId);
    if (entry && !entry.stale && this.now() - entry.loadedAt < this.opts.maxAgeMs()) return entry.units;
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
    if (inFlight) inFlight.touched = true;
  }

  private move(accountId: string, delta: number): void {
    const entry = this.entries.get(accountId);
    if (entry) entry.units += delta;
    const inFlight = this.loading.get(accountId);
    if (inFlight) inFlight.touched = true;
  }

  private load(accountId: string): Promise<number> {
    const running = this.loading.get(accountId);
    if (running) return running.promise;
    const slot = { promise: Promise.resolve(0), touched: false };
    slot.promise = balance(this.opts.couch, accountId)
      .then((units) => {
        this.entries.set(accountId, { units, loadedAt: this.now(), stale: slot.touched });
        return units;
      })
      .finally(() => this.loading.delete(accountId));
    this.loading.set(accountId, slot);
    return slot.promise;
  }
}
