// Validates a service plan and reports problems the way Kazoo's kz_json_schema does:
// {"plan.phone_numbers.did_us.rate":{"minimum":{"message":"Value must be at least 0"}}}.
import { type ValidationErrors, errors } from '@tollgate/errors';
import { toKazooValidationErrors } from '@tollgate/schemas';
import Ajv from 'ajv';
import { servicePlanSchema } from './service-plan-schema';
import type { ServicePlanDoc } from './types';

const ajv = new Ajv({ allErrors: true, strict: false });
const check = ajv.compile(servicePlanSchema);

/** Dotted Kazoo path of a tier key: dots inside one key escaped as %2E. */
function tierKeyPath(instancePath: string, key: string): string {
  return [...instancePath.split('/').slice(1), key].map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~').replace(/\./g, '%2E')).join('.');
}

/** The Kazoo validation errors of a plan; undefined when it is valid. */
export function servicePlanErrors(doc: unknown): ValidationErrors | undefined {
  if (check(doc)) return undefined;
  const all = check.errors ?? [];
  // Tier keys that are not whole quantities: one entry per bad key, named after the key.
  const tierKeys: ValidationErrors = {};
  for (const e of all) {
    if (e.keyword !== 'propertyNames') continue;
    const key = String((e.params as { propertyName?: unknown }).propertyName);
    tierKeys[tierKeyPath(e.instancePath, key)] = { pattern: { message: 'Tier keys must be whole quantities (digits only)' } };
  }
  const rest = all.filter((e) => e.keyword !== 'propertyNames' && !(e.keyword === 'pattern' && e.propertyName !== undefined));
  return { ...toKazooValidationErrors(rest), ...tierKeys };
}

export function isValidServicePlan(doc: unknown): doc is ServicePlanDoc {
  return servicePlanErrors(doc) === undefined;
}

/** Throws Kazoo's 400 validation error when the plan is not valid. */
export function assertValidServicePlan(doc: unknown): asserts doc is ServicePlanDoc {
  const errs = servicePlanErrors(doc);
  if (errs) throw errors.validation(errs);
}
