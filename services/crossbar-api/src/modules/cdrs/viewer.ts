// Who reads a CDR and what of its money they see: a superduper_admin, the account's reseller and
// the reseller's ancestors see the reseller's cost and profit; the customer (and anyone below the
// reseller) sees its own charge only (@tollgate/calls seesResellerCost).
import { type AccountDoc, findMasterAccountId, resellerIdOf, treeOf } from '@tollgate/accounts';
import { seesResellerCost } from '@tollgate/calls';
import type { AuthContext, RequestContext } from '../../core/types';

/** What of a CDR the rule looks at: the reseller its money was priced for. */
type PricedCdr = { pvt_tollgate_billing?: { reseller_id?: string } };

export interface CdrAudience {
  /** The listing carries the reseller's columns. */
  resellerView: boolean;
  /** This CDR's reseller side may be shown (its reseller is one the viewer is at or above). */
  costVisible(cdr: PricedCdr): boolean;
}

export async function cdrAudience(ctx: RequestContext, account: AccountDoc): Promise<CdrAudience> {
  const auth = ctx.auth as AuthContext;
  const viewer = { accountId: auth.accountId, isSuperduperAdmin: auth.isSuperduperAdmin };
  const tree = treeOf(account);
  const resellerId = await resellerIdOf(ctx.deps.couch, account, await findMasterAccountId(ctx.deps));
  return {
    resellerView: seesResellerCost(viewer, tree, resellerId),
    costVisible: (cdr) => seesResellerCost(viewer, tree, cdr.pvt_tollgate_billing?.reseller_id ?? resellerId),
  };
}
