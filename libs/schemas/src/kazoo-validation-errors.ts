// Ajv's errors in Kazoo's shape (kz_json_schema:error_to_jobj): one entry per failing property,
// keyed by its dotted path (dots inside a key escaped as %2E), then by the rule that failed. A key
// refused by `propertyNames` is reported under its own path. A schema node may carry
// `errorMessage`: its failures then say that message alone (e.g. service plans' tier keys).
import type { ValidationErrors } from '@tollgate/errors';
import type { ErrorObject } from 'ajv';

type Detail = { message: string; [k: string]: unknown };

function pathOf(instancePath: string, extra?: string): string {
  const parts = instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) parts.push(extra);
  return parts.map((p) => p.replace(/\./g, '%2E')).join('.');
}

/** A schema marked `echoValue: false` (size-keywords.ts) gets the value's length instead of the value. */
function echoes(err: ErrorObject): boolean {
  return err.parentSchema?.echoValue !== false;
}

function lengthOf(value: unknown): number | undefined {
  return typeof value === 'string' || Array.isArray(value) ? value.length : undefined;
}

function typeList(type: unknown): string {
  return Array.isArray(type) ? type.join(', ') : String(type);
}

export interface KazooErrorOptions {
  /** Show the failing value (`value`, `cause`) in each detail; default true. */
  values?: boolean;
}

function ownMessage(err: ErrorObject): string | undefined {
  const message = (err.parentSchema as { errorMessage?: unknown } | undefined)?.errorMessage;
  return typeof message === 'string' ? message : undefined;
}

/** The Kazoo rule name and detail for one ajv error; undefined for wrapper errors Kazoo does not show. */
function translate(err: ErrorObject, opts: KazooErrorOptions): { path: string; rule: string; detail: Detail } | undefined {
  const p = err.params as Record<string, unknown>;
  const value = opts.values === false ? undefined : err.data;
  const path = pathOf(err.instancePath, err.propertyName);
  const message = ownMessage(err);
  if (message !== undefined && err.keyword !== 'propertyNames') return { path, rule: err.keyword, detail: { message } };
  switch (err.keyword) {
    case 'required':
      return {
        path: pathOf(err.instancePath, String(p.missingProperty)),
        rule: 'required',
        detail: { message: 'Field is required but missing' },
      };
    case 'type':
      return { path, rule: 'type', detail: { message: `Value did not match type(s): ${typeList(p.type)}`, target: typeList(p.type), value } };
    case 'minLength':
      return { path, rule: 'minLength', detail: { message: `String must be at least ${p.limit} characters`, target: p.limit, cause: value, value } };
    case 'maxLength': {
      const message = `String must not be more than ${p.limit} characters`;
      return { path, rule: 'maxLength', detail: echoes(err) ? { message, target: p.limit, cause: value, value } : { message, target: p.limit, length: lengthOf(value) } };
    }
    case 'enum':
      return { path, rule: 'enum', detail: { message: 'Value not found in enumerated list of values', target: p.allowedValues, value } };
    case 'minimum':
    case 'exclusiveMinimum':
      return { path, rule: 'minimum', detail: { message: `Value must be at least ${p.limit}`, target: p.limit, value } };
    case 'maximum':
    case 'exclusiveMaximum':
      return { path, rule: 'maximum', detail: { message: `Value must be at most ${p.limit}`, target: p.limit, value } };
    case 'minItems':
      return { path, rule: 'minItems', detail: { message: `The list must have at least ${p.limit} items`, target: p.limit, value } };
    case 'maxItems': {
      const message = `The list is more than ${p.limit} items`;
      return { path, rule: 'maxItems', detail: echoes(err) ? { message, target: p.limit, value } : { message, target: p.limit, length: lengthOf(value) } };
    }
    case 'maxItemLength':
      return { path, rule: 'maxLength', detail: { message: `String must not be more than ${p.limit} characters (item ${p.item})`, target: p.limit, length: p.length } };
    case 'maxJsonLength':
      return { path, rule: 'maxLength', detail: { message: `Value must not be more than ${p.limit} characters as JSON`, target: p.limit, length: p.length } };
    case 'maxAdditionalProperties':
      return {
        path: path === '' ? 'data' : path,
        rule: 'maxProperties',
        detail: { message: `at most ${p.limit} fields beyond the schema's own are kept, got ${p.count}`, target: p.limit },
      };
    case 'minProperties':
      return { path, rule: 'minProperties', detail: { message: `The object must have at least ${p.limit} keys`, target: p.limit, value } };
    case 'uniqueItems':
      return { path, rule: 'uniqueItems', detail: { message: 'List of items is not unique', value } };
    case 'additionalProperties':
      return {
        path: pathOf(err.instancePath, String(p.additionalProperty)),
        rule: 'additionalProperties',
        detail: { message: 'Strict checking of data is enabled; only include schema-defined properties', value },
      };
    case 'pattern':
      return { path, rule: 'pattern', detail: { message: `Failed to match pattern '${p.pattern}'`, target: p.pattern, value } };
    case 'format':
      return { path, rule: 'wrong_format', detail: { message: 'Field is not in the correct format', value, format: p.format } };
    case 'multipleOf':
      return { path, rule: 'divisibleBy', detail: { message: `Value not divisible by ${p.multipleOf}`, target: p.multipleOf, value } };
    case 'oneOf':
      return { path, rule: 'not_one_schema_valid', detail: { message: 'Value did not match exactly one of the allowed schemas', value } };
    case 'anyOf':
    case 'if':
    case 'propertyNames':
      return undefined;
    default:
      return { path, rule: err.keyword, detail: { message: err.message ?? 'failed to validate', value } };
  }
}

/** Kazoo's validation error data for ajv's errors (first error per property and rule wins). */
export function toKazooValidationErrors(errs: readonly ErrorObject[], opts: KazooErrorOptions = {}): ValidationErrors {
  const out: ValidationErrors = {};
  for (const err of errs) {
    const t = translate(err, opts);
    if (!t) continue;
    const byRule = out[t.path] ?? {};
    if (!byRule[t.rule]) byRule[t.rule] = t.detail;
    out[t.path] = byRule;
  }
  return out;
}
