// The account-tree part of a services doc: created with the account, kept in step with its tree and
// reseller by the accounts module (which calls these), soft-deleted and purged with it. This module
// is the only writer of the `services` db; every write here is announced (doc_created/edited/deleted).
import type { SystemConfig } from '@tollgate/config';
import { type Couch, GLOBAL_DBS, isAccountId, stampPvt } from '@tollgate/kazoo-db';
import type { Bus } from '@tollgate/kazoo-bus';
import { DocWriter } from '@tollgate/service-kit';
import { type PlanRef, STATUS_GOOD, type ServicesDoc } from './services-doc';

/** What writing a services doc needs; without a bus nothing is announced. */
export interface ServicesWriteDeps {
  couch: Couch;
  bus?: Bus;
  config?: SystemConfig;
}

const SERVICES_DB = GLOBAL_DBS.services;

function writer(deps: ServicesWriteDeps): DocWriter {
  return new DocWriter(deps);
}

function sameTree(a: unknown, b: readonly string[]): boolean {
  return Array.isArray(a) && a.length === b.length && a.every((x, i) => x === b[i]);
}

export async function fetchServices(couch: Couch, accountId: string): Promise<ServicesDoc | undefined> {
  if (!isAccountId(accountId)) return undefined;
  return couch.get<ServicesDoc>(SERVICES_DB, accountId);
}

export async function fetchServicesById(couch: Couch, ids: readonly string[]): Promise<Map<string, ServicesDoc>> {
  return couch.getMany<ServicesDoc>(SERVICES_DB, ids.filter(isAccountId));
}

/** The reseller's `default_service_plan` (seed 000) as the `plans` of a new sub-account. */
function defaultPlansFrom(reseller: ServicesDoc | undefined, resellerId: string): Record<string, PlanRef> {
  const dflt = reseller?.default_service_plan as unknown;
  const planId = typeof dflt === 'string' ? dflt : typeof (dflt as { id?: unknown })?.id === 'string' ? (dflt as { id: string }).id : undefined;
  // 3.x/4.2 read the vendor from `account_id`, 4.3 from `vendor_id`: both are written.
  return planId ? { [planId]: { account_id: resellerId, vendor_id: resellerId } } : {};
}

export interface NewAccountServices {
  accountId: string;
  tree: string[];
  resellerId?: string;
  isReseller: boolean;
}

/** The services doc of a new account (kept as it is when one exists: a retried creation). */
export async function createAccountServices(deps: ServicesWriteDeps, account: NewAccountServices): Promise<ServicesDoc | undefined> {
  const plans = account.resellerId ? defaultPlansFrom(await fetchServices(deps.couch, account.resellerId), account.resellerId) : {};
  return writer(deps).update<ServicesDoc>(SERVICES_DB, account.accountId, (cur) =>
    cur
      ? undefined
      : stampPvt<ServicesDoc>(
          {
            _id: account.accountId,
            billing_id: account.accountId,
            plans,
            quantities: {},
            pvt_status: STATUS_GOOD,
            pvt_reseller: account.isReseller,
            ...(account.resellerId ? { pvt_reseller_id: account.resellerId } : {}),
            pvt_tree: account.tree,
          },
          { type: 'service', account: account.accountId },
        ),
  );
}

/** pvt_tree and pvt_reseller_id as the account's tree gives them (a move, a promote or demote above it). */
export async function alignAccountServices(deps: ServicesWriteDeps, accountId: string, tree: string[], resellerId: string | undefined): Promise<void> {
  await writer(deps).update<ServicesDoc>(SERVICES_DB, accountId, (cur) => {
    if (!cur) return undefined;
    if (sameTree(cur.pvt_tree, tree) && cur.pvt_reseller_id === resellerId) return undefined;
    return stampPvt({ ...cur, pvt_tree: tree, ...(resellerId ? { pvt_reseller_id: resellerId } : {}) });
  });
}

/** The reseller flag (make_reseller / demote_reseller). */
export async function setResellerFlag(deps: ServicesWriteDeps, accountId: string, flag: boolean): Promise<void> {
  await writer(deps).update<ServicesDoc>(SERVICES_DB, accountId, (cur) => (cur && cur.pvt_reseller !== flag ? stampPvt({ ...cur, pvt_reseller: flag }) : undefined));
}

/** Soft delete with the account: billing is then cancelled by the sync. */
export async function markAccountServicesDeleted(deps: ServicesWriteDeps, accountId: string): Promise<void> {
  await writer(deps).update<ServicesDoc>(SERVICES_DB, accountId, (cur) => (cur && !cur.pvt_deleted ? stampPvt({ ...cur, pvt_deleted: true }) : undefined));
}

/** Removes the doc for good (purge_account, or a creation rolled back). */
export async function removeAccountServices(deps: ServicesWriteDeps, accountId: string): Promise<void> {
  await writer(deps).remove(SERVICES_DB, accountId);
}
