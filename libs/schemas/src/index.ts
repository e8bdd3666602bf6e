export {
  type JsonObject,
  mergeValidationErrors,
  type SchemaCheck,
  SchemaValidator,
  schemaValidator,
  validateDoc,
} from './schema-validator';
export { type KazooErrorOptions, toKazooValidationErrors } from './kazoo-validation-errors';
export { accountsSchema, apiAuthSchema, kazooSchemas, userAuthSchema, usersSchema } from './kazoo';
