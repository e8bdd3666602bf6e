// hon_rater:maybe_get_rate_discount: the account db's `limits` doc, `pvt_discounts.<class>.percentage`
// for the class of the dialled number. Read through a cache (Kazoo's open_cache_doc) with a short
// timeout; while CouchDB does not answer, the last value seen is used and rating never waits on it.
import { accountDbName, type Couch, isAccountId } from '@tollgate/kazoo-db';
import { type Classifier, classifyNumber } from '@tollgate/numbers';

const READ_TIMEOUT_MS = 500;
const BACKOFF_MS = 5000;
const MAX_CACHED = 100_000;

interface Cached {
  discounts: Record<string, unknown> | undefined;
  expires: number;
}

export class Discounts {
  private readonly cache = new Map<string, Cached>();
  private unreachableUntil = 0;

  constructor(
    private readonly couch: Couch,
    private readonly ttlMs: () => number,
    private readonly classifiers: () => readonly Classifier[],
  ) {}

  /** The doc's `pvt_discounts`; throws when CouchDB does not answer in time (the caller backs off). */
  private async readLimits(accountId: string): Promise<Record<string, unknown> | undefined> {
    const doc = await this.couch.getWithin(accountDbName(accountId), 'limits', READ_TIMEOUT_MS);
    const d = doc?.pvt_discounts;
    return d && typeof d === 'object' && !Array.isArray(d) ? (d as Record<string, unknown>) : undefined;
  }

  private async discountsOf(accountId: string): Promise<Record<string, unknown> | undefined> {
    const now = Date.now();
    const hit = this.cache.get(accountId);
    if (hit && (hit.expires > now || now < this.unreachableUntil)) return hit.discounts;
    if (now < this.unreachableUntil) return undefined;
    try {
      const discounts = await this.readLimits(accountId);
      if (this.cache.size >= MAX_CACHED) this.cache.clear();
      this.cache.set(accountId, { discounts, expires: now + this.ttlMs() });
      return discounts;
    } catch {
      this.unreachableUntil = Date.now() + BACKOFF_MS;
      return hit?.discounts;
    }
  }

  /** Discount-Percentage for a call of this account to this number; undefined when none applies. */
  async percentage(accountId: string | undefined, e164: string): Promise<unknown> {
    if (!isAccountId(accountId)) return undefined;
    const discounts = await this.discountsOf(accountId);
    if (!discounts) return undefined;
    const klass = classifyNumber(e164, this.classifiers());
    if (klass === undefined) return undefined;
    const entry = discounts[klass];
    return entry && typeof entry === 'object' ? (entry as Record<string, unknown>).percentage : undefined;
  }

  /** Forgets an account's cached limits (tests, or after an edit seen on the bus). */
  forget(accountId: string): void {
    this.cache.delete(accountId);
  }
}
