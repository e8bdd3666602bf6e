// cb_users, as much as logins need: /v2/accounts/{id}/users[/{user_id}].
import { createUser, deleteUser, fetchUser, listUsers, updateUser, type UserDoc, userView } from '@tollgate/accounts';
import { errors } from '@tollgate/errors';
import { requireAccountAccess, requireSelfOrAdmin } from '../auth/access';
import { pageOf } from '../core/pagination';
import type { CrossbarModule, Reply, RequestContext } from '../core/types';

const LIST = '/v2/accounts/:account_id/users';
const ONE = `${LIST}/:user_id`;

function userReply(doc: UserDoc): Reply {
  return { data: userView(doc), revision: doc._rev };
}

async function loadUser(ctx: RequestContext): Promise<UserDoc> {
  const user = await fetchUser(ctx.deps.couch, ctx.params.account_id, ctx.params.user_id);
  if (!user) throw errors.badIdentifier(ctx.params.user_id);
  return user;
}

/** What a user-level login may not change about itself, as the authenticator reads them. */
const ADMIN_ONLY_FIELDS = {
  priv_level: (v: unknown) => (v === 'admin' ? 'admin' : 'user'),
  enabled: (v: unknown) => v !== false,
} as const;

/**
 * The `self` level (route-policy.ts): admins change any user of an account they reach; a plain
 * user only itself, and asking to change its own priv_level or enabled is a 403 that changes
 * nothing. A password change ends the user's other tokens; the request's own token lives on.
 */
async function update(ctx: RequestContext, mode: 'replace' | 'patch'): Promise<Reply> {
  const auth = requireSelfOrAdmin(ctx, ctx.params.account_id, ctx.params.user_id);
  await requireAccountAccess(ctx, ctx.params.account_id);
  const current = await loadUser(ctx);
  let data = ctx.data;
  if (auth.privLevel !== 'admin' && data && typeof data === 'object' && !Array.isArray(data)) {
    const asked = data as Record<string, unknown>;
    for (const [field, effective] of Object.entries(ADMIN_ONLY_FIELDS)) {
      if (field in asked && effective(asked[field]) !== effective(current[field as keyof UserDoc])) {
        throw errors.forbidden(`a user-level login cannot change its own ${field}`, ctx.params.user_id);
      }
    }
    data = { ...asked, priv_level: current.priv_level, enabled: current.enabled };
  }
  return userReply(await updateUser(ctx.deps, ctx.params.account_id, ctx.params.user_id, data, { mode, keepToken: auth.token }));
}

export const usersModule: CrossbarModule = {
  name: 'users',
  routes: () => [
    {
      method: 'GET',
      path: LIST,
      handler: async (ctx) => {
        await requireAccountAccess(ctx, ctx.params.account_id);
        const rows = await listUsers(ctx.deps.couch, ctx.params.account_id);
        const page = pageOf(rows, (r) => [`${r.last_name ?? ''} ${r.first_name ?? ''}`, r.id], ctx.page);
        return { data: page.rows, page: page.info };
      },
    },
    {
      method: 'PUT',
      path: LIST,
      handler: async (ctx) => {
        await requireAccountAccess(ctx, ctx.params.account_id);
        return userReply(await createUser(ctx.deps, ctx.params.account_id, ctx.data as Record<string, unknown>));
      },
    },
    {
      method: 'GET',
      path: ONE,
      handler: async (ctx) => {
        await requireAccountAccess(ctx, ctx.params.account_id);
        return userReply(await loadUser(ctx));
      },
    },
    { method: 'POST', path: ONE, handler: (ctx) => update(ctx, 'replace') },
    { method: 'PATCH', path: ONE, handler: (ctx) => update(ctx, 'patch') },
    {
      method: 'DELETE',
      path: ONE,
      handler: async (ctx) => {
        await requireAccountAccess(ctx, ctx.params.account_id);
        await loadUser(ctx);
        return userReply(await deleteUser(ctx.deps, ctx.params.account_id, ctx.params.user_id));
      },
    },
  ],
};
