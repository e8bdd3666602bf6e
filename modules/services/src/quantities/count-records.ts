// The records an account holds, counted for quotas (NGNPro credits) by the same scan its quantities
// come from: users and devices as `users.*` and `devices.*` (count-account.ts), and the phone
// numbers it holds whatever their carrier bills — reserved, in service or porting in — since a
// quota limits numbers taken, not numbers billed.
import { accountDbName, type Couch } from '@tollgate/kazoo-db';
import type { NumberSource } from './number-source';
import { scanAccountDocs } from './scan-account-docs';

export interface RecordCounts {
  users: number;
  devices: number;
  phone_numbers: number;
}

/** Number states in which the account holds the number (knm: reserved, in_service, port_in). */
export const HELD_NUMBER_STATES: readonly string[] = ['reserved', 'in_service', 'port_in'];

/** Counted now from the account db and the number manager (exact, unlike the quantities kept on the services doc). */
export async function countRecords(couch: Couch, accountId: string, numbers: NumberSource): Promise<RecordCounts> {
  const counts: RecordCounts = { users: 0, devices: 0, phone_numbers: 0 };
  await scanAccountDocs(couch, accountDbName(accountId), (doc) => {
    if (doc.pvt_deleted === true) return;
    if (doc.pvt_type === 'user') counts.users++;
    else if (doc.pvt_type === 'device') counts.devices++;
  });
  for (const n of await numbers.listAccountNumbers(accountId)) if (HELD_NUMBER_STATES.includes(n.state)) counts.phone_numbers++;
  return counts;
}
