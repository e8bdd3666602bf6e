// Failed logins per key (a source, an account) as timestamps in a sliding window. An attempt is
// added before its outcome is known and removed again if it was not a failure, so that attempts
// in flight count as failures while they run: concurrent guesses cannot all pass the check.

/** One added attempt; hand it back to `remove` to forgive it. */
export interface LoggedAttempt {
  readonly key: string;
  readonly at: number;
}

export class FailureLog {
  private readonly entries = new Map<string, number[]>();

  /** `maxKeys` bounds the memory: past it, keys with nothing in the window go first, then the oldest. */
  constructor(private readonly maxKeys: number) {}

  /** Attempts of `key` after `since` (older ones are dropped). */
  count(key: string, since: number): number {
    const list = this.entries.get(key);
    if (!list) return 0;
    const firstLive = list.findIndex((t) => t > since);
    if (firstLive < 0) {
      this.entries.delete(key);
      return 0;
    }
    if (firstLive > 0) list.splice(0, firstLive);
    return list.length;
  }

  add(key: string, at: number, since: number): LoggedAttempt {
    const list = this.entries.get(key);
    if (list) list.push(at);
    else {
      this.entries.set(key, [at]);
      if (this.entries.size > this.maxKeys) this.evict(key, since);
    }
    return { key, at };
  }

  remove(attempt: LoggedAttempt): void {
    const list = this.entries.get(attempt.key);
    const i = list ? list.lastIndexOf(attempt.at) : -1;
    if (!list || i < 0) return;
    list.splice(i, 1);
    if (list.length === 0) this.entries.delete(attempt.key);
  }

  get size(): number {
    return this.entries.size;
  }

  private evict(keep: string, since: number): void {
    for (const [key, list] of this.entries) if (key !== keep && (list[list.length - 1] ?? 0) <= since) this.entries.delete(key);
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxKeys) break;
      if (key !== keep) this.entries.delete(key);
    }
  }
}
