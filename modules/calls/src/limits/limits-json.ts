// The limits doc as crossbar shows it (cb_limits_v2:load_limit): the public fields with `id`, and
// the private fields a client needs to understand its limits, leaked read-only as Kazoo leaks
// allow_postpay and max_postpay_amount. Tollgate shows amounts in dollars (Kazoo leaks the stored
// units of max_postpay_amount as is) and adds balance_management and reserve_amount.
import { unitsToDollars } from '@tollgate/money';
import { balanceManagementOf } from './balance-management';
import { KAZOO_LIMIT_DEFAULTS, type LimitDefaults, type LimitsDoc, LIMITS_DOC_ID, limitsOf } from './limits';

export function limitsJson(accountId: string, doc: LimitsDoc | undefined, defaults: LimitDefaults = KAZOO_LIMIT_DEFAULTS): Record<string, unknown> {
  const pub = Object.fromEntries(Object.entries(doc ?? {}).filter(([k]) => !k.startsWith('_') && !k.startsWith('pvt_')));
  const l = limitsOf(accountId, doc, defaults);
  return {
    allow_prepay: true,
    ...pub,
    id: LIMITS_DOC_ID,
    allow_postpay: l.allowPostpay,
    max_postpay_amount: unitsToDollars(l.maxPostpayUnits),
    reserve_amount: unitsToDollars(l.reserveUnits),
    balance_management: balanceManagementOf(doc, defaults.softLimitInbound && defaults.softLimitOutbound),
  };
}
