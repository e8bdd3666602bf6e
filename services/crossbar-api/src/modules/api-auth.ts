// cb_api_auth: PUT /v2/api_auth {"data":{"api_key":"<64 hex>"}} → a token acting as the account's admin.
import { accountIdByApiKey, fetchAccount, issueToken } from '@tollgate/accounts';
import { errors } from '@tollgate/errors';
import { validateDoc } from '@tollgate/schemas';
import { isUsableAccount } from '../auth/authenticator';
import type { CrossbarDeps, CrossbarModule, Reply } from '../core/types';
import { accountDisabledError, authResponse } from './auth/auth-response';
import { loginGuardOf } from './auth/login-guard-of';
import { loginSourceOf } from './auth/login-source';

async function apiLogin(deps: CrossbarDeps, body: unknown): Promise<Reply> {
  const raw = (body ?? {}) as Record<string, unknown>;
  // Kazoo: an empty key is a plain 401; a malformed one fails the api_auth schema (400).
  if (raw.api_key === undefined || raw.api_key === '') throw errors.invalidCredentials();
  const apiKey = String(validateDoc('api_auth', raw).api_key);
  const accountId = await accountIdByApiKey(deps.couch, apiKey);
  // crossbar_util:response_bad_identifier, as Kazoo answers an unknown key.
  if (!accountId) throw errors.badIdentifierList(apiKey);
  const account = await fetchAccount(deps.couch, accountId);
  if (!account || account.pvt_api_key !== apiKey) throw errors.badIdentifierList(apiKey);
  if (!(await isUsableAccount(deps, account))) throw accountDisabledError();
  const token = await issueToken(deps.couch, { accountId, method: 'cb_api_auth', apiKey });
  return { data: await authResponse(deps, account, undefined), authToken: token._id };
}

export const apiAuthModule: CrossbarModule = {
  name: 'api_auth',
  routes: (deps) => {
    const guard = loginGuardOf(deps);
    // A key names no account before it is found (and is too long to guess), so its failures count
    // against the source only; see the README on why not per key.
    return [{ method: 'PUT', path: '/v2/api_auth', auth: 'none', handler: (ctx) => guard.attempt(loginSourceOf(ctx), () => apiLogin(deps, ctx.data)) }];
  },
};
