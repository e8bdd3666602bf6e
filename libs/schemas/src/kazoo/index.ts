import type { AnySchema } from 'ajv';
import { accountsSchema } from './accounts';
import { accountsMoveSchema } from './accounts-move';
import { apiAuthSchema, userAuthSchema } from './auth';
import { devicesSchema } from './devices';
import { ledgersSchema } from './ledgers';
import { limitsSchema } from './limits';
import { quotasSchema } from './quotas';
import { servicePlansSchema } from './service-plans';
import { ratesSchema } from './rates';
import { usersSchema } from './users';
import { signupSchema, userAuthRecoveryResetSchema, userAuthRecoverySchema, whitelabelSchema } from './whitelabel';

/** Kazoo's schemas this package ships, by Kazoo's name. Later issues add theirs with SchemaValidator.add. */
export const kazooSchemas: Record<string, AnySchema> = {
  accounts: accountsSchema,
  accounts_move: accountsMoveSchema,
  users: usersSchema,
  devices: devicesSchema,
  user_auth: userAuthSchema,
  api_auth: apiAuthSchema,
  service_plans: servicePlansSchema,
  rates: ratesSchema,
  ledgers: ledgersSchema,
  limits: limitsSchema,
  quotas: quotasSchema,
  whitelabel: whitelabelSchema,
  signup: signupSchema,
  user_auth_recovery: userAuthRecoverySchema,
  user_auth_recovery_reset: userAuthRecoveryResetSchema,
};

export { accountsSchema, apiAuthSchema, devicesSchema, servicePlansSchema, userAuthSchema, usersSchema };
export {
  ACCOUNT_ID_PATTERN,
  RATE_EXTRA_FIELDS,
  RATE_LIST_LIMITS,
  RATE_TEXT_LIMITS,
  RATEDECK_ID_PATTERN,
  ratesSchema,
} from './rates';
export { CLIENT_SERVICES, SIGNUP_FIELDS, WHITELABEL_VIEWS, whitelabelSchema } from './whitelabel';
