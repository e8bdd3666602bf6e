// cb_users, as much as logins need: /v2/accounts/{id}/users[/{user_id}].
import { createUser, deleteUser, fetchUser, listUsers, updateUser, type UserDoc, userView } from '@tollgate/accounts';
import { errors } from '@tollgate/errors';
import { requireAccountAccess, requireAuth } from '../auth/access';
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

/**
 * Admins change any user of an account they reach; a `user`-level login changes only itself,
 * and not its own priv_level or enabled flag.
 */
async function update(ctx: RequestContext, mode: 'replace' | 'patch'): Promise<Reply> {
  const auth = requireAuth(ctx);
  const isSelf = auth.accountId === ctx.params.account_id && auth.ownerId === ctx.params.user_id;
  await requireAccountAccess(ctx, ctx.params.account_id, { write: !isSelf });
  const current = await loadUser(ctx);
  let data = ctx.data;
  if (auth.privLevel === 'user' && !auth.isSuperduperAdmin && data && typeof data === 'object' && !Array.isArray(data)) {
    data = { ...(data as Record<string, unknown>), priv_level: current.priv_level, enabled: current.enabled };
  }
  return userReply(await updateUser(ctx.deps, ctx.params.account_id, ctx.params.user_id, data, { mode }));
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
        await requireAccountAccess(ctx, ctx.params.account_id, { write: true });
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
        await requireAccountAccess(ctx, ctx.params.account_id, { write: true });
        await loadUser(ctx);
        return userReply(await deleteUser(ctx.deps, ctx.params.account_id, ctx.params.user_id));
      },
    },
  ],
};
