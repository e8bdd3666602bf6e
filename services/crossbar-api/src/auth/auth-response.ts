// crossbar_util:response_auth: what a login answers with (and GET /v2/user_auth/{token}).
import { type AccountDoc, fetchUser, findMasterAccountId, isResellerAccount, resellerIdOf } from '@tollgate/accounts';
import type { CrossbarDeps } from '../core/types';

const DEFAULT_LANGUAGE = 'en-us';

export async function authResponse(deps: CrossbarDeps, account: AccountDoc, ownerId: string | undefined): Promise<Record<string, unknown>> {
  const accountId = String(account._id);
  const [user, masterId, reseller] = await Promise.all([
    ownerId ? fetchUser(deps.couch, accountId, ownerId) : Promise.resolve(undefined),
    findMasterAccountId(deps),
    isResellerAccount(deps.couch, accountId),
  ]);
  const language = (typeof user?.language === 'string' && user.language) || (typeof account.language === 'string' && account.language) || DEFAULT_LANGUAGE;
  return {
    account_id: accountId,
    account_name: account.name,
    apps: [],
    is_reseller: reseller || account.pvt_superduper_admin === true,
    language,
    ...(ownerId ? { owner_id: ownerId } : {}),
    reseller_id: await resellerIdOf(deps.couch, account, masterId),
  };
}
