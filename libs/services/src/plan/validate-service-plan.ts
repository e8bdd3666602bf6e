// Validates a service plan and reports problems the way Kazoo's kz_json_schema does:
// {"plan.phone_numbers.did_us.rate":{"minimum":{"message":"Value must be at least 0"}}}.
import { type ValidationErrors, errors } from '@tollgate/errors';
import Ajv, { type ErrorObject } from 'ajv';
import { servicePlanSchema } from './service-plan-schema';
import type { ServicePlanDoc } from './types';

const ajv = new Ajv({ allErrors: true, strict: false });
const check = ajv.compile(servicePlanSchema);

/** Kazoo escapes dots inside one key as %2E so the dotted path stays unambiguous. */
function pathOf(instancePath: string, extra?: string): string {
  const parts = instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) parts.push(extra);
  return parts.map((p) => p.replace(/\./g, '%2E')).join('.');
}

function kazooError(e: ErrorObject): [string, string, { message: string; [k: string]: unknown }] {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return [pathOf(e.instancePath, String(p.missingProperty)), 'required', { message: 'Field is required but missing' }];
    case 'type':
      return [pathOf(e.instancePath), 'type', { message: `Value did not match type(s): ${p.type}`, target: p.type }];
    case 'minimum':
      return [pathOf(e.instancePath), 'minimum', { message: `Value must be at least ${p.limit}`, target: p.limit }];
    case 'maximum':
      return [pathOf(e.instancePath), 'maximum', { message: `Value must be at most ${p.limit}`, target: p.limit }];
    case 'minLength':
      return [pathOf(e.instancePath), 'minLength', { message: `String must be at least ${p.limit} characters`, target: p.limit }];
    case 'maxLength':
      return [pathOf(e.instancePath), 'maxLength', { message: `String must not be more than ${p.limit} characters`, target: p.limit }];
    case 'enum':
      return [pathOf(e.instancePath), 'enum', { message: 'Value not found in enumerated list of values', target: p.allowedValues }];
    case 'pattern':
      return [pathOf(e.instancePath), 'pattern', { message: `Failed to match pattern '${p.pattern}'`, target: p.pattern }];
    case 'propertyNames':
      return [pathOf(e.instancePath, String(p.propertyName)), 'pattern', { message: 'Tier keys must be whole quantities (digits only)' }];
    default:
      return [pathOf(e.instancePath), e.keyword, { message: e.message ?? 'invalid value' }];
  }
}

/** The Kazoo validation errors of a plan; undefined when it is valid. */
export function servicePlanErrors(doc: unknown): ValidationErrors | undefined {
  if (check(doc)) return undefined;
  const out: ValidationErrors = {};
  for (const e of check.errors ?? []) {
    // propertyNames reports its inner pattern failure too; the propertyNames entry says it better.
    if (e.keyword === 'pattern' && e.propertyName !== undefined) continue;
    const [path, rule, detail] = kazooError(e);
    out[path] = { ...(out[path] ?? {}), [rule]: detail };
  }
  return out;
}

export function isValidServicePlan(doc: unknown): doc is ServicePlanDoc {
  return servicePlanErrors(doc) === undefined;
}

/** Throws Kazoo's 400 validation error when the plan is not valid. */
export function assertValidServicePlan(doc: unknown): asserts doc is ServicePlanDoc {
  const errs = servicePlanErrors(doc);
  if (errs) throw errors.validation(errs);
}
