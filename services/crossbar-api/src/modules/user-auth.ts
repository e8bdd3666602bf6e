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
import { NumberManager } from '@tollgate/numbers';
import { validateDoc } from '@tollgate/schemas';
import { requireAuth } from '../auth/access';
import { isUsableAccount } from '../auth/authenticator';
import type { LoginAttempt } from '../auth/login-guard';
import type { CrossbarDeps, CrossbarModule, Reply, RequestContext } from '../core/types';
import { accountDisabledError, authResponse } from './auth/auth-response';
import { loginGuardOf } from './auth/login-guard-of';
import { loginSourceOf } from './auth/login-source';

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** cb_user_auth's phone_number login: the account that holds the number (knm_number:lookup_account). */
async function accountsByPhoneNumber(deps: CrossbarDeps, raw: string): Promise<string[]> {
  const holder = await new NumberManager(deps).lookupAccount(raw);
  return holder ? [holder] : [];
}

async function login(deps: CrossbarDeps, body: unknown, attempt: LoginAttempt): Promise<Reply> {
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
  // Only accounts that exist are counted against, so that made-up names or ids cannot crowd the
  // per-account counters.
  const accounts: AccountDoc[] = [];
  for (const accountId of new Set(candidates)) {
    const account = await fetchAccount(deps.couch, accountId);
    if (account) accounts.push(account);
  }
  attempt.against(accounts.map((a) => String(a._id)));
  let found: { account: AccountDoc; ownerId: string } | undefined;
  for (const account of accounts) {
    const owner = await findUserByCredentials(deps.couch, String(account._id), method, credentials);
    if (owner) {
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
    const guard = loginGuardOf(deps);
    return [
      {
        method: 'PUT',
        path: '/v2/user_auth',
        auth: 'none',
        handler: (ctx: RequestContext) => guard.attempt(loginSourceOf(ctx), (attempt) => login(deps, ctx.data, attempt)),
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
