// Failed logins answer in constant time and are counted per source; a source over the limit is
// refused (Kazoo's 401) without its credentials being looked at until its window has passed.
import { errors, isKazooError } from '@tollgate/errors';
import type { LoginLimits } from './auth-config';

const MAX_SOURCES = 10_000;

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

/** Failures that count: wrong credentials (401) and unknown API keys (404). */
function isLoginFailure(err: unknown): boolean {
  return isKazooError(err) && (err.code === 401 || (err.code === 404 && err.kind === 'bad_identifier'));
}

export class LoginGuard {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limits: () => Promise<LoginLimits>,
    private readonly now: () => number = Date.now,
    private readonly wait: (ms: number) => Promise<void> = sleep,
  ) {}

  private recent(source: string, windowMs: number): number[] {
    const since = this.now() - windowMs;
    const kept = (this.failures.get(source) ?? []).filter((t) => t > since);
    if (kept.length) this.failures.set(source, kept);
    else this.failures.delete(source);
    return kept;
  }

  private record(source: string, windowMs: number): void {
    const list = this.recent(source, windowMs);
    list.push(this.now());
    this.failures.set(source, list);
    if (this.failures.size > MAX_SOURCES) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
  }

  /** True while the source has used up its failures for the window. */
  async isBlocked(source: string): Promise<boolean> {
    const limits = await this.limits();
    return this.recent(source, limits.windowMs).length >= limits.maxFailures;
  }

  /** Runs a login; failures are counted and answered no sooner than the configured time. */
  async attempt<T>(source: string, login: () => Promise<T>): Promise<T> {
    const started = this.now();
    const limits = await this.limits();
    const pad = () => this.wait(Math.max(0, started + limits.responseMs - this.now()));
    if (this.recent(source, limits.windowMs).length >= limits.maxFailures) {
      await pad();
      throw errors.invalidCredentials();
    }
    try {
      const result = await login();
      this.failures.delete(source);
      return result;
    } catch (err) {
      if (isLoginFailure(err)) {
        this.record(source, limits.windowMs);
        await pad();
      }
      throw err;
    }
  }
}
