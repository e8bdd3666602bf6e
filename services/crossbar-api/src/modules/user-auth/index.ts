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
    { method: 'PUT', path: '/v2/user_auth', auth: 'none', doc: { summary: 'log in with md5(username:password) and the account name, realm or phone number; answers the auth_token', request: 'user_auth', example: { account_id: '4b31dd1d32ce6d249897c06332375d65', account_name: 'master', apps: [], is_reseller: true, language: 'en-us', owner_id: '8a1d6c2f3b9e4f0a9c7e5d3b1a2f4e6c', reseller_id: '4b31dd1d32ce6d249897c06332375d65' } }, handler: userLogin },
    { method: 'PUT', path: '/v2/user_auth/recovery', auth: 'none', doc: { summary: 'start a password recovery: mails a one-time, expiring link to the user, if there is one (the answer never says)', request: 'user_auth_recovery' }, handler: startRecovery },
    { method: 'POST', path: '/v2/user_auth/recovery', auth: 'none', doc: { summary: 'finish a password recovery with the key from the mail and the new password (the key works once)', request: 'user_auth_recovery_reset' }, handler: finishRecovery },
    { method: 'GET', path: '/v2/user_auth/:auth_token', doc: { summary: 'what a token stands for (account, owner, permissions)' }, handler: tokenFacts },
    { method: 'DELETE', path: '/v2/token_auth', doc: { summary: 'log out: revoke the token of this request' }, handler: revokeOwnToken },
    { method: 'PUT', path: '/v2/accounts/:account_id/users/:user_id/user_auth', doc: { summary: 'impersonate a user below the caller (impersonate_user); answers a token acting as that user' }, handler: impersonate },
  ],
};
