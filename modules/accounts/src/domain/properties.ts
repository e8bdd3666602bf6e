// NGNPro's customer `properties` on Kazoo's account: name → {value, permission}, kept on the account
// doc as `pvt_properties` (private, so neither the accounts API nor a client's POST of a GET answer
// can touch them). The rules here are pure: what a valid change is, and who may make it.
import { KazooError } from '@tollgate/errors';

/** Who may change a property: `admin` a superduper_admin only, `reseller` also the account's reseller, `customer` also the account's own admins. */
export const PROPERTY_PERMISSIONS = ['customer', 'reseller', 'admin'] as const;
export type PropertyPermission = (typeof PROPERTY_PERMISSIONS)[number];

export interface Property {
  value: unknown;
  permission: PropertyPermission;
}

export type Properties = Record<string, Property>;

/** The strongest permission a caller holds over an account; `none` reads only. */
export type PropertyRole = 'none' | PropertyPermission;

/** Reserved properties: booleans with a gating rule (NGNPro pstn_access, prepaid_changes). */
export const PSTN_ACCESS = 'pstn_access';
export const PREPAID_CHANGES = 'prepaid_changes';
export const GATED_PROPERTIES = [PSTN_ACCESS, PREPAID_CHANGES] as const;
export type GatedProperty = (typeof GATED_PROPERTIES)[number];

export function isGatedProperty(name: string): name is GatedProperty {
  return (GATED_PROPERTIES as readonly string[]).includes(name);
}

export const PROPERTY_NAME = /^[A-Za-z0-9_.:-]{1,64}$/;
/** Largest value, as JSON. */
export const MAX_PROPERTY_VALUE_BYTES = 4096;
/** Most properties one account holds. */
export const MAX_PROPERTIES = 100;

const RANK: Record<PropertyRole, number> = { none: 0, customer: 1, reseller: 2, admin: 3 };

export function isPropertyPermission(v: unknown): v is PropertyPermission {
  return typeof v === 'string' && (PROPERTY_PERMISSIONS as readonly string[]).includes(v);
}

/** The properties stored on an account doc (malformed entries left out). */
export function propertiesOf(doc: object | undefined): Properties {
  const raw = (doc as { pvt_properties?: unknown } | undefined)?.pvt_properties;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {};
  const out: Properties = {};
  for (const [name, p] of Object.entries(raw as Record<string, unknown>)) {
    if (!p || typeof p !== 'object' || Array.isArray(p) || !('value' in p)) continue;
    const { value, permission } = p as { value: unknown; permission?: unknown };
    out[name] = { value, permission: isPropertyPermission(permission) ? permission : 'customer' };
  }
  return out;
}

/** One entry of a PATCH: a new value and/or permission, or `null` to remove the property. */
export type PropertyChange = { name: string; remove: true } | { name: string; remove: false; value?: unknown; permission?: PropertyPermission };

function invalid(field: string, rule: string, message: string, cause?: unknown): KazooError {
  return new KazooError('invalid_data', 400, 'validation error', { [field]: { [rule]: { message, ...(cause === undefined ? {} : { cause }) } } });
}

/** A PATCH body (`{"<name>": {"value": …, "permission": …} | null}`) as changes; 400 in Kazoo's shape on the first problem. */
export function parsePropertiesPatch(data: unknown): PropertyChange[] {
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw invalid('data', 'type', 'data must be an object of properties');
  const entries = Object.entries(data as Record<string, unknown>);
  if (entries.length > MAX_PROPERTIES) throw invalid('data', 'maxProperties', `at most ${MAX_PROPERTIES} properties per request, got ${entries.length}`);
  return entries.map(([name, raw]) => {
    if (!PROPERTY_NAME.test(name)) throw invalid(name.slice(0, 64) || 'name', 'pattern', 'a property name is 1 to 64 of A-Z a-z 0-9 _ . : -', name.slice(0, 64));
    if (raw === null) return { name, remove: true };
    if (typeof raw !== 'object' || Array.isArray(raw)) throw invalid(name, 'type', 'a property is {"value": …, "permission": …} or null');
    const { value, permission, ...rest } = raw as Record<string, unknown>;
    const extra = Object.keys(rest);
    if (extra.length > 0) throw invalid(name, 'additionalProperties', `unknown field ${extra[0]}`, extra[0]);
    if (!('value' in raw) && permission === undefined) throw invalid(name, 'required', 'value or permission is required');
    if (permission !== undefined && !isPropertyPermission(permission)) throw invalid(`${name}.permission`, 'enum', 'permission is admin, reseller or customer', permission);
    if ('value' in raw) {
      if (value === undefined) throw invalid(`${name}.value`, 'type', 'value must be JSON');
      const bytes = Buffer.byteLength(JSON.stringify(value), 'utf8');
      if (bytes > MAX_PROPERTY_VALUE_BYTES) throw invalid(`${name}.value`, 'maxLength', `a value is at most ${MAX_PROPERTY_VALUE_BYTES} bytes of JSON, got ${bytes}`);
      if (isGatedProperty(name) && typeof value !== 'boolean') throw invalid(`${name}.value`, 'type', `${name} is a boolean`, value);
    }
    return { name, remove: false, ...('value' in raw ? { value } : {}), ...(permission !== undefined ? { permission } : {}) };
  });
}

/** The permission a new property gets when the request names none: gated ones belong to the reseller. */
export function defaultPermission(name: string): PropertyPermission {
  return isGatedProperty(name) ? 'reseller' : 'customer';
}

/** May a caller with this role make this change? The stricter of the old and new permission applies. */
export function permissionNeeded(current: Property | undefined, change: PropertyChange): PropertyPermission {
  const after = change.remove ? undefined : (change.permission ?? current?.permission ?? defaultPermission(change.name));
  const candidates = [current?.permission, after].filter((p): p is PropertyPermission => p !== undefined);
  return candidates.reduce<PropertyPermission>((a, b) => (RANK[b] > RANK[a] ? b : a), 'customer');
}

export function roleAllows(role: PropertyRole, needed: PropertyPermission): boolean {
  return RANK[role] >= RANK[needed];
}

/** Applies validated, authorized changes; the properties as they will be stored. */
export function applyPropertyChanges(current: Properties, changes: readonly PropertyChange[]): Properties {
  const next: Properties = { ...current };
  for (const c of changes) {
    if (c.remove) {
      delete next[c.name];
      continue;
    }
    const before = next[c.name];
    next[c.name] = {
      value: 'value' in c ? c.value : before?.value,
      permission: c.permission ?? before?.permission ?? defaultPermission(c.name),
    };
  }
  return next;
}

/** A gated property is given when a change makes its value true where it was not. */
export function givesGatedProperty(current: Property | undefined, change: PropertyChange): change is PropertyChange & { remove: false; value: true } {
  return isGatedProperty(change.name) && !change.remove && change.value === true && current?.value !== true;
}

/** The value of a gated property, or the system default when the account has none. */
export function gatedValue(props: Properties, name: GatedProperty, dflt: boolean): boolean {
  const v = props[name]?.value;
  return typeof v === 'boolean' ? v : dflt;
}
