// POST /limits (cb_limits_v2:on_successful_validation + crossbar_doc:save): the request's public
// fields replace the doc's, its private fields are kept, and Tollgate's writable private settings
// (balance_management, allow_postpay, max_postpay_amount, reserve_amount) land on the pvt_ fields
// jonny5 reads. Who may write is the caller's to check (cb_limits_v2:is_allowed).
import { accountDbName, gregorianNow } from '@tollgate/kazoo-db';
import { dollarsToUnits } from '@tollgate/money';
import { schemaValidator } from '@tollgate/schemas';
import { DocWriter, type DocWriterOptions } from '@tollgate/service-kit';
import { balanceManagementFields, isBalanceManagement } from './balance-management';
import { LIMITS_DOC_ID, type LimitsDoc } from './limits';
import { newLimitsDoc } from './limits-store';

/** Request fields that are stored as private fields, not as themselves. */
const STORED_PRIVATE = ['balance_management', 'allow_postpay', 'max_postpay_amount', 'reserve_amount'] as const;

/** Throws Kazoo's 400 (validation errors) on a bad body; returns the doc's new public and private parts. */
export function limitsChange(body: unknown): { pub: Record<string, unknown>; pvt: Record<string, unknown> } {
  const data = schemaValidator().validate('limits', body) as Record<string, unknown>;
  const pub = Object.fromEntries(Object.entries(data).filter(([k]) => !k.startsWith('_') && !k.startsWith('pvt_') && k !== 'id' && !(STORED_PRIVATE as readonly string[]).includes(k)));
  const pvt: Record<string, unknown> = {};
  if (isBalanceManagement(data.balance_management)) Object.assign(pvt, balanceManagementFields(data.balance_management));
  if (typeof data.allow_postpay === 'boolean') pvt.pvt_allow_postpay = data.allow_postpay;
  if (typeof data.max_postpay_amount === 'number') pvt.pvt_max_postpay_amount = dollarsToUnits(String(data.max_postpay_amount));
  if (typeof data.reserve_amount === 'number') pvt.pvt_reserve_amount = dollarsToUnits(String(data.reserve_amount));
  return { pub, pvt };
}

/** Saves the account's limits doc (creating it as kzd_limits:new would) and returns it. */
export async function saveLimits(deps: DocWriterOptions, accountId: string, body: unknown): Promise<LimitsDoc> {
  const { pub, pvt } = limitsChange(body);
  const now = gregorianNow();
  const saved = await new DocWriter(deps).update<LimitsDoc>(accountDbName(accountId), LIMITS_DOC_ID, (current) => {
    const base = current ?? newLimitsDoc(accountId, now);
    // `allotments` are cb_allotments' to write (POST /allotments): a limits POST keeps them.
    const kept = Object.fromEntries(Object.entries(base).filter(([k]) => k.startsWith('_') || k.startsWith('pvt_') || (k === 'allotments' && pub.allotments === undefined)));
    return { ...kept, ...pub, ...pvt, pvt_modified: now };
  });
  return saved as LimitsDoc;
}
