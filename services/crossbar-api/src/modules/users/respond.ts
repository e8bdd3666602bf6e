// The user reply (never the password or its hashes), and the user the path names.
import { fetchUser, type UserDoc, userView } from '@tollgate/accounts';
import { errors } from '@tollgate/errors';
import type { Reply, RequestContext } from '../../core/types';

export function userReply(doc: UserDoc): Reply {
  return { data: userView(doc), revision: doc._rev };
}

export async function loadUser(ctx: RequestContext): Promise<UserDoc> {
  const user = await fetchUser(ctx.deps.couch, ctx.params.account_id, ctx.params.user_id);
  if (!user) throw errors.badIdentifier(ctx.params.user_id);
  return user;
}
