// NGNPro resellerActive as `reseller_active` on the account (stored as `pvt_reseller_active`, shown
// as `reseller_active`, as Kazoo shows pvt_enabled as `enabled`): only a superduper_admin changes
// it; while it is false, nothing new is created anywhere in that account's tree.
import { errors, type KazooError } from '@tollgate/errors';
import type { AccountDoc } from './account-doc';

/** Absent = active. */
export function isResellerActive(doc: AccountDoc): boolean {
  return doc.pvt_reseller_active !== false;
}

/**
 * The value to store after a POST/PATCH sending `requested`, or undefined to leave it alone:
 * absent or the current value is ignored; another value needs a superduper_admin (403), and a
 * non-boolean is Kazoo's 400 on the field.
 */
export function resellerActiveChange(doc: AccountDoc, requested: unknown, bySuperduperAdmin: boolean): boolean | undefined {
  if (requested === undefined) return undefined;
  if (typeof requested !== 'boolean') throw errors.field('reseller_active', 'type', 'Value did not match type(s): boolean', { target: 'boolean', value: requested });
  if (requested === isResellerActive(doc)) return undefined;
  if (!bySuperduperAdmin) throw errors.forbidden('only a superduper_admin may change reseller_active', String(doc._id));
  // The master's tree is every account: deactivating it would stop every create on the platform.
  if (doc.pvt_superduper_admin === true) throw errors.forbidden('the superduper_admin account itself cannot be deactivated', String(doc._id));
  return requested;
}

/** The first account on the path (ancestors, then the account) that is an inactive reseller, if any. */
export function inactiveOnPath(path: readonly AccountDoc[]): AccountDoc | undefined {
  return path.find((d) => !isResellerActive(d));
}

/** The 403 a create gets while a reseller above (or at) the account is inactive. */
export function resellerInactiveError(reseller: AccountDoc): KazooError {
  const id = String(reseller._id);
  const name = typeof reseller.name === 'string' ? ` (${reseller.name})` : '';
  return errors.forbidden(`reseller ${id}${name} is inactive (reseller_active is false): nothing can be created in its account tree until a superduper_admin reactivates it`, id);
}
