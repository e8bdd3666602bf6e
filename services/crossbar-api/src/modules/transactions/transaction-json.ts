import type { Transaction } from '@tollgate/ledger';
import { unitsToDollars } from '@tollgate/money';

/** kz_transaction:to_public_json: amounts in dollars, as Kazoo shows them. */
export function transactionJson(tx: Transaction): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: tx._id,
    type: tx.pvt_type,
    amount: unitsToDollars(tx.pvt_amount),
    reason: tx.pvt_reason,
    code: tx.pvt_code,
    description: tx.description,
    created: tx.pvt_created,
    version: tx.pvt_vsn,
  };
  if (tx.sub_account_id) out.sub_account_id = tx.sub_account_id;
  if (tx.metadata) out.metadata = tx.metadata;
  return out;
}
