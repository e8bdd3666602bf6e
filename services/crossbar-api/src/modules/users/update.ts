// POST (replace) and PATCH (merge) /v2/accounts/{id}/users/{user_id}: the `self` level of the
// route policy. Admins change any user of an account they reach; a plain user only itself, and
// asking to change its own priv_level or enabled is a 403 that changes nothing. A password change
// ends the user's other tokens; the request's own token lives on.
import type { UserDoc } from '@tollgate/accounts';
import { updateUser } from '@tollgate/accounts';
import { errors } from '@tollgate/errors';
import { requireAccountAccess, requireSelfOrAdmin } from '../../auth/access';
import type { AuthContext, Reply, RequestContext } from '../../core/types';
import { loadUser, userReply } from './respond';

/** What a user-level login may not change about itself, as the authenticator reads them. */
const ADMIN_ONLY_FIELDS = {
  priv_level: (v: unknown) => (v === 'admin' ? 'admin' : 'user'),
  enabled: (v: unknown) => v !== false,
} as const;

/** The body a user-level login may send about itself: its admin-only fields as they are, or a 403. */
function selfServiceBody(ctx: RequestContext, auth: AuthContext, current: UserDoc): unknown {
  const data = ctx.data;
  if (auth.privLevel === 'admin' || !data || typeof data !== 'object' || Array.isArray(data)) return data;
  const asked = data as Record<string, unknown>;
  for (const [field, effective] of Object.entries(ADMIN_ONLY_FIELDS)) {
    if (field in asked && effective(asked[field]) !== effective(current[field as keyof UserDoc])) {
      throw errors.forbidden(`a user-level login cannot change its own ${field}`, ctx.params.user_id);
    }
  }
  return { ...asked, priv_level: current.priv_level, enabled: current.enabled };
}

async function update(ctx: RequestContext, mode: 'replace' | 'patch'): Promise<Reply> {
  const auth = requireSelfOrAdmin(ctx, ctx.params.account_id, ctx.params.user_id);
  await requireAccountAccess(ctx, ctx.params.account_id);
  const data = selfServiceBody(ctx, auth, await loadUser(ctx));
  return userReply(await updateUser(ctx.deps, ctx.params.account_id, ctx.params.user_id, data, { mode, keepToken: auth.token }));
}

export function postUser(ctx: RequestContext): Promise<Reply> {
  return update(ctx, 'replace');
}

export function patchUser(ctx: RequestContext): Promise<Reply> {
  return update(ctx, 'patch');
}
