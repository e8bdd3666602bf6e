// What crossbar's creates pass before they run: the accounts module's gate (no inactive reseller
// above, room under every quota on the path), with the number manager's listing wired in as the
// services module's NumberSource so numbers held count.
import { type QuotaDeps, type QuotaKind, withCreateAllowance } from '@tollgate/accounts';
import { numberManagerSource } from '@tollgate/numbers';
import type { CrossbarDeps, RequestContext } from '../../core/types';
import { numberManager } from '../phone-numbers/access';

const sources = new WeakMap<CrossbarDeps, QuotaDeps['numbers']>();

export function quotaDeps(deps: CrossbarDeps): CrossbarDeps & Pick<QuotaDeps, 'numbers'> {
  let numbers = sources.get(deps);
  if (!numbers) {
    numbers = numberManagerSource(deps.couch, deps.config);
    sources.set(deps, numbers);
  }
  return { ...deps, numbers };
}

/** Runs a create of one `kind` record in `accountId` through the gate. */
export function createAllowed<T>(ctx: RequestContext, accountId: string, kind: QuotaKind, create: () => Promise<T>, units = 1): Promise<T> {
  return withCreateAllowance(quotaDeps(ctx.deps), { accountId, kind, units }, create);
}

/** A number operation of `accountId` through the gate. */
export async function numberOpAllowed<T>(ctx: RequestContext, accountId: string, input: string, op: () => Promise<T>, targetState?: string): Promise<T> {
  const adds = await numberManager(ctx).addsHeldNumber(input, accountId, targetState);
  return createAllowed(ctx, accountId, 'phone_numbers', op, adds ? 1 : 0);
}
