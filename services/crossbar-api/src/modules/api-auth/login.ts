// PUT /v2/api_auth: validate (api_auth schema) → count the attempt (login guard) → the accounts
// module's login → Kazoo's auth reply with the new token.
import { loginWithApiKey } from '@tollgate/accounts';
import { errors } from '@tollgate/errors';
import { validateDoc } from '@tollgate/schemas';
import { authResponse } from '../../auth/auth-response';
import { loginGuardOf } from '../../auth/login-guard-of';
import { loginSourceOf } from '../../auth/login-source';
import type { Reply, RequestContext } from '../../core/types';

/** A key names no account before it is found (and is too long to guess), so its failures count against the source only. */
export function apiLogin(ctx: RequestContext): Promise<Reply> {
  return loginGuardOf(ctx.deps).attempt(loginSourceOf(ctx), async () => {
    const raw = ctx.data ?? {};
    const given = raw && typeof raw === 'object' ? (raw as Record<string, unknown>).api_key : undefined;
    // Kazoo: an empty key is a plain 401; a malformed one fails the api_auth schema (400).
    if (given === undefined || given === '') throw errors.invalidCredentials();
    const apiKey = String(validateDoc('api_auth', raw).api_key);
    const login = await loginWithApiKey(ctx.deps, apiKey);
    return { data: await authResponse(ctx.deps, login.account, undefined), authToken: login.token };
  });
}
