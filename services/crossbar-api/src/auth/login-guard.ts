// Login throttling. Every attempt is counted as a failure of its source, and of the accounts it
// names, before its credentials are checked (check and count in one synchronous step, so
// concurrent guesses cannot all slip under the limit); a success forgives its own attempt and
// nothing else. Failures are answered no sooner than the configured time, whatever failed.
import { errors, isKazooError } from '@tollgate/errors';
import type { LoginLimits } from './auth-config';
import { FailureLog, type LoggedAttempt } from './failure-log';

const MAX_SOURCES = 10_000;
const MAX_ACCOUNTS = 100_000;

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

/** Failures that count: wrong credentials (401, including a refusal by this guard) and unknown API keys (404). */
function isLoginFailure(err: unknown): boolean {
  return isKazooError(err) && (err.code === 401 || (err.code === 404 && err.kind === 'bad_identifier'));
}

/** What a login tells the guard while it runs. */
export interface LoginAttempt {
  /**
   * Counts the attempt against the accounts it names (existing ones; each once) before their
   * credentials are checked; throws Kazoo's 401 when one of them has used up its failures.
   */
  against(accountIds: readonly string[]): void;
}

export class LoginGuard {
  private readonly bySource = new FailureLog(MAX_SOURCES);
  private readonly byAccount = new FailureLog(MAX_ACCOUNTS);

  constructor(
    private readonly limits: () => Promise<LoginLimits>,
    private readonly now: () => number = Date.now,
    private readonly wait: (ms: number) => Promise<void> = sleep,
  ) {}

  /** Runs a login from `source`; see the file's first lines for the rules. */
  async attempt<T>(source: string, login: (attempt: LoginAttempt) => Promise<T>): Promise<T> {
    const started = this.now();
    const limits = await this.limits();
    const pad = () => this.wait(Math.max(0, started + limits.responseMs - this.now()));
    const ofSource = this.admitSource(source, limits);
    if (!ofSource) {
      await pad();
      throw errors.invalidCredentials();
    }
    const ofAccounts: LoggedAttempt[] = [];
    const forgive = () => {
      this.bySource.remove(ofSource);
      for (const entry of ofAccounts) this.byAccount.remove(entry);
    };
    try {
      const result = await login(this.accountCounter(limits, ofAccounts));
      forgive();
      return result;
    } catch (err) {
      if (!isLoginFailure(err)) {
        forgive();
        throw err;
      }
      await pad();
      throw err;
    }
  }

  /** Counts the attempt against its source (check and count in one step); undefined, counting nothing, when the source used up its failures. */
  private admitSource(source: string, limits: LoginLimits): LoggedAttempt | undefined {
    const at = this.now();
    const since = at - limits.windowMs;
    if (this.bySource.count(source, since) >= limits.maxFailures) return undefined;
    return this.bySource.add(source, at, since);
  }

  /** What a login calls to count itself against the accounts it names; the entries go to `logged`, to be forgiven on success. */
  private accountCounter(limits: LoginLimits, logged: LoggedAttempt[]): LoginAttempt {
    return {
      against: (accountIds) => {
        const when = this.now();
        const since = when - limits.accountWindowMs;
        const named = [...new Set(accountIds)];
        if (named.some((id) => this.byAccount.count(id, since) >= limits.maxAccountFailures)) throw errors.invalidCredentials();
        for (const id of named) logged.push(this.byAccount.add(id, when, since));
      },
    };
  }
}
