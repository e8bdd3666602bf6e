// The account as crossbar shows it (cb_accounts:leak_pvt_fields): public fields, `id`, and the
// private facts clients rely on under their public names.
import { publicView } from '@tollgate/kazoo-db';
import { type AccountDoc, isEnabled } from './account-doc';
import type { BillingMode } from './billing-mode';
import { isResellerActive } from './reseller-active';

export interface AccountFacts {
  resellerId: string | undefined;
  isReseller: boolean;
  billingMode: BillingMode;
  /** `?include_api_key=true` or crossbar.accounts expose_api_key. */
  includeApiKey?: boolean;
}

function sortedKeys(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(obj).sort()) out[k] = obj[k];
  return out;
}

export function accountView(doc: AccountDoc, facts: AccountFacts): Record<string, unknown> {
  const view: Record<string, unknown> = publicView(doc);
  view.wnm_allow_additions = doc.pvt_wnm_allow_additions === true;
  view.superduper_admin = doc.pvt_superduper_admin === true;
  if (facts.includeApiKey && doc.pvt_api_key) view.api_key = doc.pvt_api_key;
  if (typeof doc.pvt_created === 'number') view.created = doc.pvt_created;
  view.enabled = isEnabled(doc);
  if (facts.resellerId !== undefined) view.reseller_id = facts.resellerId;
  view.is_reseller = facts.isReseller;
  if (facts.isReseller || doc.pvt_reseller_active !== undefined) view.reseller_active = isResellerActive(doc);
  view.billing_mode = facts.billingMode;
  return sortedKeys(view);
}
