export {
  type JsonObject,
  mergeValidationErrors,
  type SchemaCheck,
  SchemaValidator,
  schemaValidator,
  validateDoc,
} from './schema-validator';
export { toKazooValidationErrors } from './kazoo-validation-errors';
export { accountsSchema, apiAuthSchema, kazooSchemas, userAuthSchema, usersSchema } from './kazoo';
