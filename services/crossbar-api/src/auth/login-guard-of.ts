// The one LoginGuard of a crossbar (its deps): user_auth and api_auth count failures together.
import { authSettings } from './auth-config';
import { LoginGuard } from './login-guard';
import type { CrossbarDeps } from '../core/types';

const guards = new WeakMap<CrossbarDeps, LoginGuard>();

export function loginGuardOf(deps: CrossbarDeps): LoginGuard {
  let guard = guards.get(deps);
  if (!guard) {
    guard = new LoginGuard(async () => (await authSettings(deps.config)).loginLimits);
    guards.set(deps, guard);
  }
  return guard;
}
