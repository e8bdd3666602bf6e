// cb_user_auth: PUT /v2/user_auth (credentials → token), GET /v2/user_auth/{token} (the token's
// facts), and cb_token_auth's DELETE /v2/token_auth (revoke the token of the request).
import {
  accountsForLogin,
  type AccountDoc,
  fetchAccount,
  findUserByCredentials,
  issueToken,
  revokeToken,
} from '@tollgate/accounts';
import { errors } from '@tollgate/errors';
import { holderOf, normalizeNumber, readNormalizeOptions, readNumber } from '@tollgate/numbers';
import { validateDoc } from '@tollgate/schemas';
import { loginLimits } from '../auth/auth-config';
import { isUsableAccount } from '../auth/authenticator';
import { LoginGuard } from '../auth/login-guard';
import { requireAuth } from '../auth/access';
import type { CrossbarDeps, CrossbarModule, Reply, RequestContext } from '../core/types';
import { accountDisabledError, authResponse, sourceOf } from './auth/auth-response';

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** cb_user_auth's phone_number login: the account that holds the number (knm_number:lookup_account). */
async function accountsByPhoneNumber(deps: CrossbarDeps, raw: string): Promise<string[]> {
  const e164 = normalizeNumber(raw, await readNormalizeOptions(deps.config));
  const holder = e164 ? holderOf(await readNumber(deps.couch, e164)) : undefined;
  return holder ? [holder] : [];
}

async function login(deps: CrossbarDeps, body: unknown): Promise<Reply> {
  const data = validateDoc('user_auth', body ?? {});
  const method = data.method === 'sha' ? 'sha' : 'md5';
  const credentials = String(data.credentials);
  const phoneNumber = str(data.phone_number);
  const candidates = [
    ...(await accountsForLogin(deps.couch, {
      accountName: str(data.account_name),
      realm: str(data.account_realm) ?? str(data.realm),
      accountId: str(data.account_id),
    })),
    ...(phoneNumber ? await accountsByPhoneNumber(deps, phoneNumber) : []),
  ];
  let found: { account: AccountDoc; ownerId: string } | undefined;
  for (const accountId of candidates) {
    const owner = await findUserByCredentials(deps.couch, accountId, method, credentials);
    const account = owner ? await fetchAccount(deps.couch, accountId) : undefined;
    if (owner && account) {
      found = { account, ownerId: owner.owner_id };
      break;
    }
  }
  if (!found) throw errors.invalidCredentials();
  if (!(await isUsableAccount(deps, found.account))) throw accountDisabledError();
  const token = await issueToken(deps.couch, { accountId: String(found.account._id), ownerId: found.ownerId, method: 'cb_user_auth' });
  return { data: await authResponse(deps, found.account, found.ownerId), authToken: token._id };
}

export const userAuthModule: CrossbarModule = {
  name: 'user_auth',
  routes: (deps) => {
    const guard = new LoginGuard(() => loginLimits(deps.config));
    return [
      {
        method: 'PUT',
        path: '/v2/user_auth',
        auth: 'none',
        handler: (ctx: RequestContext) => guard.attempt(sourceOf(ctx), () => login(deps, ctx.data)),
      },
      {
        method: 'GET',
        path: '/v2/user_auth/:auth_token',
        handler: async (ctx) => {
          const auth = requireAuth(ctx);
          // cb_user_auth:maybe_get_auth_token: only the token of the request itself can be read.
          if (ctx.params.auth_token !== auth.token) throw errors.invalidCredentials();
          const account = await fetchAccount(deps.couch, auth.accountId);
          if (!account) throw errors.invalidCredentials();
          const facts = await authResponse(deps, account, auth.ownerId);
          return { data: { ...facts, id: auth.token, method: auth.method } };
        },
      },
      {
        method: 'DELETE',
        path: '/v2/token_auth',
        handler: async (ctx) => {
          const auth = requireAuth(ctx);
          await revokeToken(deps.couch, auth.token);
          return { data: {} };
        },
      },
    ];
  },
};
