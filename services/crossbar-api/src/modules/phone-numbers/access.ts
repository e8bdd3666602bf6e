// Who calls, as the number manager sees it, and the check that the path account is theirs.
import { errors } from '@tollgate/errors';
import { isAccountId } from '@tollgate/kazoo-db';
import { type Actor, NumberManager } from '@tollgate/numbers';
import type { CrossbarDeps, RequestContext } from '../../core/types';

const managers = new WeakMap<CrossbarDeps, NumberManager>();

/** The number manager of this crossbar (one per deps). */
export function numberManager(ctx: RequestContext): NumberManager {
  let nm = managers.get(ctx.deps);
  if (!nm) {
    nm = new NumberManager(ctx.deps);
    managers.set(ctx.deps, nm);
  }
  return nm;
}

export function actorOf(ctx: RequestContext): Actor {
  if (!ctx.auth) throw errors.invalidCredentials();
  return { accountId: ctx.auth.accountId, isAdmin: ctx.auth.isSuperduperAdmin };
}

/** The path account, which must exist and be the caller's own or a descendant (else 404 / 403). */
export async function pathAccount(ctx: RequestContext): Promise<{ actor: Actor; accountId: string }> {
  const actor = actorOf(ctx);
  const accountId = ctx.params.account_id;
  if (!isAccountId(accountId)) throw errors.badIdentifier(accountId);
  const standing = await numberManager(ctx).accountStanding(actor, accountId);
  if (standing === 'missing') throw errors.badIdentifier(accountId);
  if (standing === 'forbidden') throw errors.forbidden();
  return { actor, accountId };
}
