// knm_number:lookup_account: which account a number rings in, for a call that arrives without one
// (jonny5's authz_req from a carrier). The number must be assigned, in a state that takes calls
// (port_in, in_service, port_out, reserved), and its account enabled.
import { type AccountDoc, fetchAccount, isEnabled } from '@tollgate/accounts';
import type { Couch } from '@tollgate/kazoo-db';
import { type NormalizeOptions, normalizeNumber } from '../domain/e164';
import { stateOf } from '../domain/number-doc';
import type { NumberState } from '../domain/number-states';
import { readNumber } from './number-store';

const TAKES_CALLS: readonly NumberState[] = ['port_in', 'in_service', 'port_out', 'reserved'];

export type NumberAccount =
  | {
      found: true;
      number: string;
      accountId: string;
      /** A knm_local number (Kazoo's `local`): jonny5 lets such calls through without limits. */
      local: boolean;
      pendingPort: boolean;
    }
  | { found: false; reason: 'not_reconcilable' | 'not_found' | 'unassigned' | 'not_in_service' | 'account_disabled'; accountId?: string };

export async function lookupNumberAccount(couch: Couch, input: string, opts: NormalizeOptions = {}): Promise<NumberAccount> {
  const number = normalizeNumber(input, opts);
  if (!number) return { found: false, reason: 'not_reconcilable' };
  const doc = await readNumber(couch, number);
  if (!doc) return { found: false, reason: 'not_found' };
  const accountId = doc.pvt_assigned_to;
  if (!accountId) return { found: false, reason: 'unassigned' };
  const state = stateOf(doc);
  if (!TAKES_CALLS.includes(state as NumberState)) return { found: false, reason: 'not_in_service', accountId };
  const account: AccountDoc | undefined = await fetchAccount(couch, accountId);
  if (account && !isEnabled(account)) return { found: false, reason: 'account_disabled', accountId };
  return { found: true, number, accountId, local: (doc.pvt_module_name ?? 'knm_local') === 'knm_local', pendingPort: state === 'port_in' };
}
