// A package (seed 003, "Create new package") is a service plan with a public `package` section: the
// call pricing a reseller sells over the rates it buys. What the section means for billing is
// derived here, when the plan is read, so every plan consumer (effective ratedeck, items, sync,
// merged plan) sees an ordinary Kazoo plan: the package's derived ratedeck as an item of the
// `ratedeck` category, billed at `monthly_fee` (`rate`) with `setup_fee` as its `activation_charge`
// (the account's `ratedeck.<deck>` quantity is 1, so each client pays each fee once). Pure.
import { createHash } from 'node:crypto';
import { RATEDECK_CATEGORY, type ServicePlanDoc } from './types';

/** The public `package` section (Key | Description table in modules/services/README.md). */
export interface PackageSection {
  base_ratedeck?: string;
  markup?: { fixed?: number; percentage?: number };
  pulse?: number;
  route?: string;
  overrides?: { prefix?: string | number; iso_country_code?: string; rate_cost: number }[];
  free_zones?: { prefix?: string | number; iso_country_code?: string; max_rate_cost?: number }[];
  free_minutes?: number;
  monthly_fee?: number;
  setup_fee?: number;
  [key: string]: unknown;
}

export const PACKAGE_DECK_PREFIX = 'pkg-';
const READABLE_PLAN_ID = /^[a-z0-9][a-z0-9_-]{0,59}$/;

/** True when the plan doc has a `package` section (an object). */
export function isPackage(doc: unknown): doc is ServicePlanDoc & { package: PackageSection } {
  if (!doc || typeof doc !== 'object') return false;
  const pkg = (doc as { package?: unknown }).package;
  return typeof pkg === 'object' && pkg !== null && !Array.isArray(pkg);
}

/**
 * The id of a package's derived ratedeck: `pkg-<reseller id>-<plan id>` when the plan id is already a
 * valid deck-id tail (lowercase letters, digits, `_`, `-`, at most 60), else
 * `pkg-<reseller id>-<first 20 hex of sha1(plan id)>`. At most 97 characters, a valid deck id.
 */
export function packageRatedeckId(vendorId: string, planId: string): string {
  const tail = READABLE_PLAN_ID.test(planId) ? planId : createHash('sha1').update(planId).digest('hex').slice(0, 20);
  return `${PACKAGE_DECK_PREFIX}${vendorId.toLowerCase()}-${tail}`;
}

/**
 * The plan as every consumer uses it: for a package, `plan` (optional in a package) gets
 * `ratedeck.<derived deck>` with the fees, replacing any other `ratedeck` item (a package names
 * exactly one deck, its own). Other docs are returned unchanged.
 */
export function withPackagePlan<T extends { package?: unknown; plan?: unknown; name?: unknown }>(doc: T, vendorId: string, planId: string): T & { plan: ServicePlanDoc['plan'] } {
  if (!isPackage(doc)) return doc as T & { plan: ServicePlanDoc['plan'] };
  const pkg = doc.package as PackageSection;
  const plan = doc.plan && typeof doc.plan === 'object' && !Array.isArray(doc.plan) ? (doc.plan as ServicePlanDoc['plan']) : {};
  const item: Record<string, unknown> = { name: typeof doc.name === 'string' ? doc.name : planId };
  if (pkg.monthly_fee !== undefined) item.rate = pkg.monthly_fee;
  if (pkg.setup_fee !== undefined) item.activation_charge = pkg.setup_fee;
  return { ...doc, plan: { ...plan, [RATEDECK_CATEGORY]: { [packageRatedeckId(vendorId, planId)]: item } } };
}
