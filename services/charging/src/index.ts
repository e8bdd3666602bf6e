// The charging service (Kazoo's jonny5 + cdr): answers authz_req and balance_check_req, and charges
// every finished call (CHANNEL_DESTROY) exactly once. Wiring only; the rules live in @tollgate/calls.
import type { RunningService, ServiceDeps } from '@tollgate/service-kit';
import { startCharging } from './start-charging';

export { CHANNEL_DESTROY_QUEUE } from './handlers/channel-destroy';
export { type ChargingOptions, type RunningCharging, startCharging } from './start-charging';

/** Starts the charging service on shared deps; stop() releases what it holds. */
export async function start(deps: ServiceDeps): Promise<RunningService> {
  const charging = await startCharging(deps);
  return { name: 'charging', stop: () => charging.stop() };
}
