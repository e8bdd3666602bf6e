// cb_api_auth: PUT /v2/api_auth {"data":{"api_key":"<64 hex>"}} → a token acting as the account's admin. The route table.
import type { CrossbarModule } from '../../core/types';
import { apiLogin } from './login';

export const apiAuthModule: CrossbarModule = {
  name: 'api_auth',
  routes: () => [{ method: 'PUT', path: '/v2/api_auth', auth: 'none', doc: { summary: "log in with an account's api key; answers the auth_token", request: 'api_auth' }, handler: apiLogin }],
};
