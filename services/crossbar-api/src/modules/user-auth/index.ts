// cb_user_auth: PUT /v2/user_auth (credentials → token), GET /v2/user_auth/{token} (the token's
// facts), and cb_token_auth's DELETE /v2/token_auth (revoke the token of the request). The route table.
import type { CrossbarModule } from '../../core/types';
import { impersonate } from './impersonate';
import { userLogin } from './login';
import { finishRecovery, startRecovery } from './recovery';
import { revokeOwnToken } from './revoke';
import { tokenFacts } from './token-facts';

export const userAuthModule: CrossbarModule = {
  name: 'user_auth',
  routes: () => [
    { method: 'PUT', path: '/v2/user_auth', auth: 'none', handler: userLogin },
    { method: 'PUT', path: '/v2/user_auth/recovery', auth: 'none', handler: startRecovery },
    { method: 'POST', path: '/v2/user_auth/recovery', auth: 'none', handler: finishRecovery },
    { method: 'GET', path: '/v2/user_auth/:auth_token', handler: tokenFacts },
    { method: 'DELETE', path: '/v2/token_auth', handler: revokeOwnToken },
    { method: 'PUT', path: '/v2/accounts/:account_id/users/:user_id/user_auth', handler: impersonate },
  ],
};
