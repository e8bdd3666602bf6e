// The one LoginGuard of a crossbar (its deps): user_auth and api_auth count failures together.
import { loginLimits } from '../../auth/auth-config';
import { LoginGuard } from '../../auth/login-guard';
import type { CrossbarDeps } from '../../core/types';

const guards = new WeakMap<CrossbarDeps, LoginGuard>();

export function loginGuardOf(deps: CrossbarDeps): LoginGuard {
  let guard = guards.get(deps);
  if (!guard) {
    guard = new LoginGuard(() => loginLimits(deps.config));
    guards.set(deps, guard);
  }
  return guard;
}
