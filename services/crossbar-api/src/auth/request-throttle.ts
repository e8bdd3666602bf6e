// Throttling of unauthenticated requests that create things or send mail (signups, password
// recovery): every request counts against its source (address; an IPv6 /64, as logins) in a
// sliding window, whatever its outcome, and past the limit the source gets 429 until the window
// moves on. The FailureLog of login throttling keeps the counts (per crossbar process).
import { KazooError } from '@tollgate/errors';
import type { CrossbarDeps, RequestContext } from '../core/types';
import { CROSSBAR } from './auth-config';
import { FailureLog } from './failure-log';
import { loginSourceOf } from './login-source';

const MAX_SOURCES = 10_000;
const logs = new WeakMap<CrossbarDeps, Map<string, FailureLog>>();

export interface ThrottleKeys {
  /** The family's name (a separate count per family). */
  name: string;
  /** `crossbar` keys: most requests per source in the window, and the window in seconds. */
  maxKey: string;
  windowKey: string;
  max: number;
  windowS: number;
}

export const SIGNUP_THROTTLE: ThrottleKeys = { name: 'signup', maxKey: 'max_signups_per_source', windowKey: 'signup_window_s', max: 5, windowS: 3600 };
export const RECOVERY_THROTTLE: ThrottleKeys = { name: 'recovery', maxKey: 'max_recoveries_per_source', windowKey: 'recovery_window_s', max: 5, windowS: 900 };

/** Counts this request against its source; 429 `too_many_requests` past the limit. */
export async function throttle(ctx: RequestContext, keys: ThrottleKeys): Promise<void> {
  const max = Math.max(1, await ctx.deps.config.getInteger(CROSSBAR, keys.maxKey, keys.max));
  const windowMs = 1000 * Math.max(1, await ctx.deps.config.getInteger(CROSSBAR, keys.windowKey, keys.windowS));
  let families = logs.get(ctx.deps);
  if (!families) {
    families = new Map();
    logs.set(ctx.deps, families);
  }
  let log = families.get(keys.name);
  if (!log) {
    log = new FailureLog(MAX_SOURCES);
    families.set(keys.name, log);
  }
  const now = Date.now();
  const source = loginSourceOf(ctx);
  // Checked and counted in one synchronous step: concurrent requests cannot all slip under the limit.
  if (log.count(source, now - windowMs) >= max) {
    throw new KazooError('forbidden', 429, 'too_many_requests', { message: `too many ${keys.name} requests from this address; try again later` });
  }
  log.add(source, now, now - windowMs);
}
