export type BillingMode = 'limits_only' | 'normal' | 'manual';

/**
 * cb_accounts:leak_billing_mode: `limits_only` when the caller is the account's reseller,
 * `normal` when the master is, `manual` otherwise.
 */
export function billingMode(resellerId: string | undefined, authAccountId: string | undefined, masterId: string | undefined): BillingMode {
  if (resellerId !== undefined && resellerId === authAccountId) return 'limits_only';
  if (resellerId !== undefined && resellerId === masterId) return 'normal';
  return 'manual';
}
