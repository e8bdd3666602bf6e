// The account reply every accounts route ends with (cb_accounts:load_account + leak_pvt_fields).
import { type AccountDoc, accountsSettings, describeAccount } from '@tollgate/accounts';
import type { Reply, RequestContext } from '../../core/types';

export async function accountReply(ctx: RequestContext, doc: AccountDoc): Promise<Reply> {
  const auth = ctx.auth;
  const wantsKey = ctx.query.include_api_key === 'true' || (await accountsSettings(ctx.deps.config)).exposeApiKey;
  const mayReadKey = auth !== undefined && auth.privLevel === 'admin';
  const data = await describeAccount(ctx.deps, doc, { authAccountId: auth?.accountId, includeApiKey: wantsKey && mayReadKey });
  return { data, revision: doc._rev };
}
