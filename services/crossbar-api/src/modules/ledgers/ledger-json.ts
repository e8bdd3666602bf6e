// kz_ledger:public_json and cb_ledgers' summary_to_dollars: ledger docs and sums as the API shows
// them, amounts in dollars (debits negative).
import { type LedgerAccountSummary, type LedgerDoc, type LedgerSum, signedLedgerAmount } from '@tollgate/ledger';
import { unitsToDollars } from '@tollgate/money';

/** A ledger entry's public fields, `id` for `_id`, `amount` in signed dollars. */
export function ledgerJson(doc: LedgerDoc): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (!k.startsWith('_') && !k.startsWith('pvt_')) out[k] = v;
  out.amount = unitsToDollars(signedLedgerAmount(doc));
  out.id = doc._id;
  return out;
}

/** Per source service: `{amount, usage}` with the amount in dollars. */
export function sumsJson(sums: Record<string, LedgerSum>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [service, sum] of Object.entries(sums)) out[service] = { amount: unitsToDollars(sum.amount), usage: sum.usage };
  return out;
}

export function accountSummaryJson(s: LedgerAccountSummary): Record<string, unknown> {
  return { account: s.account, ledgers: sumsJson(s.ledgers), total: unitsToDollars(s.total) };
}
