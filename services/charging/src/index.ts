// The charging service (Kazoo's jonny5 + cdr): answers authz_req and balance_check_req, and charges
// every finished call (CHANNEL_DESTROY) exactly once. Wiring only; the rules live in @tollgate/calls.
import type { RunningService, ServiceDeps } from '@tollgate/service-kit';
import { startAuthz } from './start-authz';
import { startCharging } from './start-charging';

export { CHANNEL_DESTROY_BATCH, CHANNEL_DESTROY_QUEUE } from './handlers/channel-destroy';
export { AUTHZ_QUEUE } from './handlers/authz-req';
export { type ChargingOptions, type RunningCharging, startCharging } from './start-charging';
export { type AuthzOptions, type RunningAuthz, startAuthz } from './start-authz';

/** Starts the charging service on shared deps; stop() releases what it holds. */
export async function start(deps: ServiceDeps): Promise<RunningService> {
  const charging = await startCharging(deps);
  const authz = await startAuthz(deps, { balances: charging.balances }).catch(async (err: unknown) => {
    await charging.stop();
    throw err;
  });
  return {
    name: 'charging',
    stop: async () => {
      await authz.stop();
      await charging.stop();
    },
  };
}
