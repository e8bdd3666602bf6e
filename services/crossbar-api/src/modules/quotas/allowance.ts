// What crossbar's creates pass before they run: the accounts module's gate (no inactive reseller
// above, room under every quota on the path), with the number manager's listing wired in as the
// services module's NumberSource so numbers held count.
import { type QuotaDeps, type QuotaKind, withCreateAllowance } from '@tollgate/accounts';
import { numberManagerSource, readNumber, stateOf } from '@tollgate/numbers';
import { HELD_NUMBER_STATES } from '@tollgate/services';
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

/**
 * The units a number operation takes from `accountId`: none when the account already holds the
 * number (activating its own reservation) or when the number ends up not held (an inventory
 * `available` create); one otherwise (an unparsable number: the operation refuses it anyway).
 */
export async function numberUnits(ctx: RequestContext, accountId: string, input: string, targetState?: string): Promise<number> {
  if (targetState !== undefined && !HELD_NUMBER_STATES.includes(targetState)) return 0;
  let num: string;
  try {
    num = await numberManager(ctx).normalize(input);
  } catch {
    return 1;
  }
  const doc = await readNumber(ctx.deps.couch, num);
  return doc && doc.pvt_assigned_to === accountId && HELD_NUMBER_STATES.includes(stateOf(doc)) ? 0 : 1;
}

/** A number operation of `accountId` through the gate. */
export async function numberOpAllowed<T>(ctx: RequestContext, accountId: string, input: string, op: () => Promise<T>, targetState?: string): Promise<T> {
  return createAllowed(ctx, accountId, 'phone_numbers', op, await numberUnits(ctx, accountId, input, targetState));
}
