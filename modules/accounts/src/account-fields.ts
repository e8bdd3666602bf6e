// Validation shared by create and update (kzd_accounts:validate): defaults, schema, and the
// system-wide uniqueness of realm and name, all reported together as Kazoo does.
import { errors, type ValidationErrors } from '@tollgate/errors';
import { mergeValidationErrors, schemaValidator } from '@tollgate/schemas';
import { type AccountsSettings, accountsSettings } from './config';
import type { LookupDeps } from './deps';
import { isPlainObject } from './domain/account-input';
import { normalizeName } from './domain/normalize-name';
import { randomRealm, removeSpaces } from './domain/realm';
import { accountIdsByName, accountIdsByRealm } from './store/tree-views';

/**
 * A request's `data` as an object (none sent: an empty one); anything else is refused with the
 * schema's own error, so the client reads the same message as for any other type error.
 */
export function requireObject(data: unknown, schema: 'accounts' | 'users' | 'devices'): Record<string, unknown> {
  if (data === undefined) return {};
  if (isPlainObject(data)) return data;
  const checked = schemaValidator().check(schema, data);
  throw errors.validation(checked.ok ? {} : checked.errors);
}

/** Realm (generated when absent, spaces removed), timezone and language defaults. */
export async function withAccountDefaults(deps: LookupDeps, fields: Record<string, unknown>): Promise<Record<string, unknown>> {
  const settings = await accountsSettings(deps.config);
  const out = { ...fields };
  if (typeof out.realm === 'string') out.realm = removeSpaces(out.realm);
  if (out.realm === undefined || out.realm === '') out.realm = await uniqueRandomRealm(deps, settings);
  if (out.timezone === undefined || out.timezone === 'inherit') out.timezone = settings.defaultTimezone;
  if (out.language === undefined) out.language = settings.defaultLanguage;
  return out;
}

async function uniqueRandomRealm(deps: LookupDeps, settings: AccountsSettings): Promise<string> {
  for (let i = 0; ; i++) {
    const realm = randomRealm(settings.randomRealmStrength, settings.realmSuffix);
    if (i >= 5 || (await accountIdsByRealm(deps.couch, realm)).length === 0) return realm;
  }
}

/** Name and realm in use by another account; a field the schema refused (e.g. a 1 MiB name) is not looked up. */
async function uniquenessErrors(deps: LookupDeps, accountId: string | undefined, fields: Record<string, unknown>, refused: ValidationErrors): Promise<ValidationErrors> {
  const out: ValidationErrors = {};
  const takenByAnother = (owners: string[]) => owners.some((id) => id !== accountId);
  if (typeof fields.realm === 'string' && fields.realm && !refused.realm && takenByAnother(await accountIdsByRealm(deps.couch, fields.realm))) {
    out.realm = { unique: { message: 'Account realm already in use', cause: fields.realm } };
  }
  const checkName = typeof fields.name === 'string' && fields.name && !refused.name && (await accountsSettings(deps.config)).ensureUniqueName;
  if (checkName && takenByAnother(await accountIdsByName(deps.couch, normalizeName(String(fields.name))))) {
    out.name = { unique: { message: 'Account name already in use', cause: fields.name } };
  }
  return out;
}

/**
 * The public fields to store, schema defaults filled in; throws Kazoo's 400 validation error
 * listing every problem (schema, realm in use, name in use). `enabled` is type-checked only.
 */
export async function validateAccountFields(
  deps: LookupDeps,
  accountId: string | undefined,
  fields: Record<string, unknown>,
  enabled: unknown,
): Promise<Record<string, unknown>> {
  const checked = schemaValidator().check('accounts', enabled === undefined ? fields : { ...fields, enabled });
  const unique = await uniquenessErrors(deps, accountId, fields, checked.ok ? {} : checked.errors);
  if (!checked.ok || Object.keys(unique).length > 0) {
    throw errors.validation(mergeValidationErrors(checked.ok ? undefined : checked.errors, unique));
  }
  const { enabled: _enabled, ...doc } = checked.doc;
  return doc;
}
