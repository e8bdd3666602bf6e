export {
  type JsonObject,
  mergeValidationErrors,
  type SchemaCheck,
  SchemaValidator,
  schemaValidator,
  validateDoc,
} from './schema-validator';
export { type KazooErrorOptions, toKazooValidationErrors } from './kazoo-validation-errors';
export {
  ACCOUNT_ID_PATTERN,
  accountsSchema,
  apiAuthSchema,
  kazooSchemas,
  RATE_EXTRA_FIELDS,
  RATE_LIST_LIMITS,
  RATE_TEXT_LIMITS,
  RATEDECK_ID_PATTERN,
  ratesSchema,
  servicePlansSchema,
  userAuthSchema,
  usersSchema,
  devicesSchema,
  CLIENT_SERVICES,
  SIGNUP_FIELDS,
  WHITELABEL_VIEWS,
  whitelabelSchema,
} from './kazoo';
export { isKnownCountry } from './countries';
