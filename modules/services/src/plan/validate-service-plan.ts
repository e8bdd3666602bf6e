// A service plan checked against Kazoo's `service_plans` schema (libs/schemas), reported the way
// kz_json_schema does: {"plan.phone_numbers.did_us.rate":{"minimum":{"message":"Value must be at least 0"}}}.
// Plan errors never echo the failing value (they are also stored on services docs).
import { type ValidationErrors, errors } from '@tollgate/errors';
import { schemaValidator } from '@tollgate/schemas';
import type { ServicePlanDoc } from './types';

/** The Kazoo validation errors of a plan; undefined when it is valid. */
export function servicePlanErrors(doc: unknown): ValidationErrors | undefined {
  const res = schemaValidator().check('service_plans', doc, { values: false });
  return res.ok ? undefined : res.errors;
}

/** Throws Kazoo's 400 validation error when the plan is not valid. */
export function assertValidServicePlan(doc: unknown): asserts doc is ServicePlanDoc {
  const errs = servicePlanErrors(doc);
  if (errs) throw errors.validation(errs);
}
