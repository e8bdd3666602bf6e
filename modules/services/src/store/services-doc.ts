// The services doc (db `services`, _id = account id; kzd_services in Kazoo 4.2, plus the 4.3
// `ratedeck` that rating reads) and the pure rules for reading it.
import type { Doc } from '@tollgate/kazoo-db';
import type { EffectiveRatedeck } from '../plan/effective-ratedeck';
import type { Quantities } from '../pricing/quantities';

export const STATUS_GOOD = 'good_standing';
export const STATUS_DELINQUENT = 'delinquent';

export interface PlanRef {
  /** 4.2: the vendor (reseller) whose db holds the plan. */
  account_id?: string;
  /** 4.3 name of the same. */
  vendor_id?: string;
  overrides?: Record<string, unknown>;
  [key: string]: unknown;
}

/** What the last sync did, kept so the next one can tell increases (activation charges). */
export interface SyncRecord {
  at: number;
  bookkeeper: string;
  node?: string;
  quantities: Quantities;
  cascade_quantities?: Quantities;
}

/** The lock a sync worker takes on an account through the doc's revision. */
export interface SyncLock {
  node: string;
  /** Gregorian seconds after which another worker may take the account over. */
  until: number;
}

export interface ServicesDoc extends Doc {
  _id: string;
  billing_id?: string;
  plans?: Record<string, PlanRef>;
  quantities?: Quantities;
  cascade_quantities?: Quantities;
  default_service_plan?: string;
  ratedeck?: EffectiveRatedeck;
  transactions?: Record<string, unknown>[];
  pvt_type?: string;
  pvt_dirty?: boolean;
  pvt_status?: string;
  pvt_status_reason?: string;
  pvt_status_reason_code?: number;
  pvt_reseller?: boolean;
  pvt_reseller_id?: string;
  pvt_tree?: string[];
  pvt_deleted?: boolean;
  pvt_modified?: number;
  /** Plans that could not be used (bad hand edits), with why. */
  pvt_plan_errors?: Record<string, unknown>;
  pvt_sync_lock?: SyncLock;
  pvt_sync_failures?: number;
  /** Gregorian seconds before which a failed account is not retried. */
  pvt_sync_retry_at?: number;
  pvt_last_sync?: SyncRecord;
  /** Set once billing of a deleted account was cancelled with its bookkeeper. */
  pvt_billing_cancelled?: boolean;
  /** Fingerprint of `plans` when the ratedeck was last computed (hand edits are noticed by it). */
  pvt_plans_fingerprint?: string;
}

export function billingIdOf(doc: ServicesDoc): string {
  return typeof doc.billing_id === 'string' && doc.billing_id !== '' ? doc.billing_id : doc._id;
}

/** kz_services_reseller:is_reseller: the services doc's pvt_reseller flag (the master is one by bootstrap). */
export function isReseller(doc: ServicesDoc | undefined): boolean {
  return doc?.pvt_reseller === true;
}

/** The vendor of an assigned plan: its own account_id/vendor_id, else the account's reseller. */
export function planVendor(doc: ServicesDoc, ref: PlanRef | undefined, masterId: string | undefined): string | undefined {
  if (ref && typeof ref.vendor_id === 'string' && ref.vendor_id) return ref.vendor_id;
  if (ref && typeof ref.account_id === 'string' && ref.account_id) return ref.account_id;
  return resellerOf(doc, masterId);
}

export function resellerOf(doc: ServicesDoc, masterId: string | undefined): string | undefined {
  return typeof doc.pvt_reseller_id === 'string' && doc.pvt_reseller_id !== '' ? doc.pvt_reseller_id : masterId;
}

export function planIds(doc: ServicesDoc): string[] {
  return Object.keys(doc.plans ?? {}).filter((id) => doc.plans?.[id] !== null && typeof doc.plans?.[id] === 'object');
}
