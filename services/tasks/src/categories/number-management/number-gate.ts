// The accounts module's create gate for the number tasks, as crossbar's phone_numbers creates pass
// it: no inactive reseller above the row's account, room under every phone_numbers quota on its path.
import { withCreateAllowance } from '@tollgate/accounts';
import { numberManagerSource } from '@tollgate/numbers';
import type { TaskContext } from '../category';

/** Runs `op`, which gives `accountId` `units` numbers it did not hold, through the gate. */
export function numbersAllowed<T>(ctx: TaskContext, accountId: string, units: number, op: () => Promise<T>): Promise<T> {
  const deps = { couch: ctx.couch, config: ctx.config, bus: ctx.bus, numbers: numberManagerSource(ctx.couch, ctx.config) };
  return withCreateAllowance(deps, { accountId, kind: 'phone_numbers', units }, op);
}
