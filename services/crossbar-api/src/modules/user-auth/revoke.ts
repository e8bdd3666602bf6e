// DELETE /v2/token_auth (cb_token_auth): revokes the token of the request.
import { revokeToken } from '@tollgate/accounts';
import { requireAuth } from '../../auth/access';
import type { Reply, RequestContext } from '../../core/types';

export async function revokeOwnToken(ctx: RequestContext): Promise<Reply> {
  const auth = requireAuth(ctx);
  await revokeToken(ctx.deps, auth.token);
  return { data: {} };
}
