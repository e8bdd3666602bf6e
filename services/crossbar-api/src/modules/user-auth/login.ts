// PUT /v2/user_auth: validate (user_auth schema) → count the attempt (login guard) → the accounts
// module's login → Kazoo's auth reply with the new token.
import { loginWithCredentials } from '@tollgate/accounts';
import { NumberManager } from '@tollgate/numbers';
import { validateDoc } from '@tollgate/schemas';
import { authResponse } from '../../auth/auth-response';
import { loginGuardOf } from '../../auth/login-guard-of';
import { loginSourceOf } from '../../auth/login-source';
import type { CrossbarDeps, Reply, RequestContext } from '../../core/types';

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** cb_user_auth's phone_number login: the account that holds the number (knm_number:lookup_account). */
async function accountsByPhoneNumber(deps: CrossbarDeps, raw: string | undefined): Promise<string[]> {
  if (!raw) return [];
  const holder = await new NumberManager(deps).lookupAccount(raw);
  return holder ? [holder] : [];
}

export function userLogin(ctx: RequestContext): Promise<Reply> {
  const { deps } = ctx;
  return loginGuardOf(deps).attempt(loginSourceOf(ctx), async (attempt) => {
    const data = validateDoc('user_auth', ctx.data ?? {});
    const login = await loginWithCredentials(
      deps,
      {
        method: data.method === 'sha' ? 'sha' : 'md5',
        credentials: String(data.credentials),
        accountName: str(data.account_name),
        realm: str(data.account_realm) ?? str(data.realm),
        accountId: str(data.account_id),
        alsoAccountIds: await accountsByPhoneNumber(deps, str(data.phone_number)),
      },
      // Counted against the accounts it names before their credentials are checked.
      (accountIds) => attempt.against(accountIds),
    );
    return { data: await authResponse(deps, login.account, login.ownerId), authToken: login.token };
  });
}
