// Who reads a report and what of the money they see. A superduper_admin, a reseller reading its
// own report (or one of an account below it) and the reseller's ancestors get `cost` and `profit`;
// a client — and anyone below its reseller — gets what it was sold, never its reseller's cost
// (@tollgate/calls seesResellerCost, the rule of the CDR listing).
import { type AccountDoc, findMasterAccountId, isResellerAccount, resellerIdOf, treeOf } from '@tollgate/accounts';
import { seesResellerCost } from '@tollgate/calls';
import type { ReportAccount } from '@tollgate/reports';
import type { AuthContext, RequestContext } from '../../core/types';

export interface ReportAudience {
  /** The report is a reseller's: its direct children are its clients. */
  ofReseller: boolean;
  /** The report carries cost and profit. */
  withCost: boolean;
  /** The account whose ledger holds what the calls and services cost (the reseller). */
  costLedgerId: string | undefined;
  costVisible(account: ReportAccount, reseller: string | undefined): boolean;
}

export async function reportAudience(ctx: RequestContext, account: AccountDoc, accountId: string): Promise<ReportAudience> {
  const auth = ctx.auth as AuthContext;
  const viewer = { accountId: auth.accountId, isSuperduperAdmin: auth.isSuperduperAdmin };
  const tree = treeOf(account);
  const ofReseller = await isResellerAccount(ctx.deps.couch, accountId);
  const resellerId = ofReseller ? accountId : await resellerIdOf(ctx.deps.couch, account, await findMasterAccountId(ctx.deps));
  // The reseller itself, or above it, sees its side; seesResellerCost with the reseller as the tree's last.
  const withCost = seesResellerCost(viewer, ofReseller ? [...tree, accountId] : tree, resellerId);
  return {
    ofReseller,
    withCost,
    costLedgerId: withCost ? resellerId : undefined,
    costVisible: (a, reseller) => seesResellerCost(viewer, a.tree, reseller ?? resellerId),
  };
}
