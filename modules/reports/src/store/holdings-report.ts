// The sub-accounts and DIDs reports: what each account of a reseller's clients holds — its package
// (the plan its services doc names, services module), its numbers (the account-side copies,
// numbers module) with their classification and rate centre where the carrier gave one.
import type { Couch } from '@tollgate/kazoo-db';
import { accountNumberDocs, type Classifier, classifyNumber, stateOf } from '@tollgate/numbers';
import { accountPackageOf } from '@tollgate/services';
import type { ReportScope } from './report-scope';

/** Every account below a client (for a client's own report, below it), with its client, package and DIDs. */
export async function subAccountRows(couch: Couch, scope: ReportScope): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  for (const a of scope.accounts) {
    if (a.id === scope.root.id || a.id === a.clientId) continue;
    const pkg = await accountPackageOf(couch, a.id);
    const numbers = (await accountNumberDocs(couch, a.id)).map((d) => d._id);
    rows.push({ account_id: a.id, account_name: a.name, client_id: a.clientId, client_name: a.clientName, package_id: pkg?.id ?? '', package_name: pkg?.name ?? '', dids: numbers });
  }
  return rows;
}

function rateCenterOf(carrierData: Record<string, unknown> | undefined): string {
  const rc = carrierData?.rate_center;
  if (typeof rc === 'string') return rc;
  if (rc && typeof rc === 'object') {
    const { name, state } = rc as { name?: unknown; state?: unknown };
    return [name, state].filter((v) => typeof v === 'string' && v !== '').join(', ');
  }
  return '';
}

/** Every number of the scope's accounts (the reseller's own excepted), sorted by account then number. */
export async function didRows(couch: Couch, scope: ReportScope, classifiers: readonly Classifier[]): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  for (const a of scope.accounts) {
    if (scope.ofReseller && a.id === scope.root.id) continue;
    const docs = await accountNumberDocs(couch, a.id);
    if (docs.length === 0) continue;
    const pkg = await accountPackageOf(couch, a.id);
    for (const d of docs) {
      rows.push({
        number: d._id,
        account_id: a.id,
        account_name: a.name,
        client_id: a.clientId,
        client_name: a.clientName,
        sub_account: a.id === a.clientId ? '' : a.id,
        package_id: pkg?.id ?? '',
        package_name: pkg?.name ?? '',
        state: stateOf(d),
        classification: classifyNumber(d._id, classifiers) ?? '',
        rate_center: rateCenterOf(d.pvt_carrier_data),
      });
    }
  }
  return rows;
}

export const SUB_ACCOUNT_COLUMNS = ['account_id', 'account_name', 'client_id', 'client_name', 'package_id', 'package_name', 'dids'];
export const DID_COLUMNS = ['number', 'account_id', 'account_name', 'client_id', 'client_name', 'sub_account', 'package_id', 'package_name', 'state', 'classification', 'rate_center'];
