// Who calls, as the number manager sees it, and the check that the path account is theirs.
import { errors } from '@tollgate/errors';
import { isAccountId } from '@tollgate/kazoo-db';
import { type Actor, controls, fetchTrees } from '@tollgate/numbers';
import type { RequestContext } from '../../core/types';

export function actorOf(ctx: RequestContext): Actor {
  if (!ctx.auth) throw errors.invalidCredentials();
  return { accountId: ctx.auth.accountId, isAdmin: ctx.auth.isSuperduperAdmin };
}

/** The path account, which must exist and be the caller's own or a descendant (else 404 / 403). */
export async function pathAccount(ctx: RequestContext): Promise<{ actor: Actor; accountId: string }> {
  const actor = actorOf(ctx);
  const accountId = ctx.params.account_id;
  if (!isAccountId(accountId)) throw errors.badIdentifier(accountId);
  const trees = await fetchTrees(ctx.deps.couch, [accountId, actor.accountId]);
  if (!trees.has(accountId)) throw errors.badIdentifier(accountId);
  if (!controls(actor, accountId, trees)) throw errors.forbidden();
  return { actor, accountId };
}
