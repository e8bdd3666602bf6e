// Kazoo 4.3 `user_auth` and `api_auth` schemas.
export const userAuthSchema = {
  description: 'Provides an auth-token via user credentials',
  type: 'object',
  required: ['credentials'],
  properties: {
    account_name: { type: 'string', minLength: 1, maxLength: 128 },
    account_realm: { type: 'string', minLength: 4, maxLength: 253 },
    realm: { type: 'string', minLength: 4, maxLength: 253 },
    credentials: { type: 'string', minLength: 1, maxLength: 64, description: 'A hash of the uses credentials' },
    method: { type: 'string', enum: ['md5', 'sha'], default: 'md5' },
    phone_number: { type: 'string', minLength: 1, maxLength: 64 },
  },
} as const;

export const apiAuthSchema = {
  description: 'Provides an auth-token via an Account API key',
  type: 'object',
  required: ['api_key'],
  properties: {
    api_key: { type: 'string', minLength: 64, maxLength: 64, description: 'The Accounts API key' },
  },
} as const;
