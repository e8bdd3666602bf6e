import type { AnySchema } from 'ajv';
import { accountsSchema } from './accounts';
import { apiAuthSchema, userAuthSchema } from './auth';
import { ratesSchema } from './rates';
import { usersSchema } from './users';

/** Kazoo's schemas this package ships, by Kazoo's name. Later issues add theirs with SchemaValidator.add. */
export const kazooSchemas: Record<string, AnySchema> = {
  accounts: accountsSchema,
  users: usersSchema,
  user_auth: userAuthSchema,
  api_auth: apiAuthSchema,
  rates: ratesSchema,
};

export { accountsSchema, apiAuthSchema, userAuthSchema, usersSchema };
export {
  ACCOUNT_ID_PATTERN,
  RATE_EXTRA_FIELDS,
  RATE_LIST_LIMITS,
  RATE_TEXT_LIMITS,
  RATEDECK_ID_PATTERN,
  ratesSchema,
} from './rates';
