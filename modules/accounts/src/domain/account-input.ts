// What a client may write on an account: its public fields. Private keys, the id, and the fields
// crossbar computes for responses (cb_accounts:leak_pvt_fields) are dropped, so a client that
// POSTs back a GET response stores nothing it did not mean to.
import { isPrivateKey } from '@tollgate/kazoo-db';

const COMPUTED_KEYS = new Set([
  'id',
  'billing_mode',
  'created',
  'is_reseller',
  'reseller_id',
  'superduper_admin',
  'wnm_allow_additions',
  'api_key',
  'trial_time_left',
  'notification_preference',
  // set only by a superduper_admin, through updateAccount (domain/reseller-active.ts)
  'reseller_active',
]);

export interface AccountInput {
  /** Public fields to store. */
  fields: Record<string, unknown>;
  /** `enabled` as sent; it becomes pvt_enabled when the caller may change it. */
  enabled: boolean | undefined;
}

export function accountInput(data: Record<string, unknown>): AccountInput {
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    if (isPrivateKey(k) || COMPUTED_KEYS.has(k) || k === 'enabled') continue;
    fields[k] = v;
  }
  const enabled = typeof data.enabled === 'boolean' ? data.enabled : undefined;
  return { fields, enabled };
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** kz_json:merge as PATCH uses it: objects merge recursively, anything else replaces. */
export function deepMerge(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    const cur = out[k];
    out[k] = isPlainObject(cur) && isPlainObject(v) ? deepMerge(cur, v) : v;
  }
  return out;
}
