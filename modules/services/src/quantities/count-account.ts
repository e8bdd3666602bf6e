// Recounts an account's billable things from its db (Kazoo's kz_service_* modules): users by
// priv_level, devices by device_type, limits (trunks), whitelabel branding, and phone numbers by
// classification with their features. The `ratedeck.<id>` quantity is derived from the plans when
// the services doc is written (store/derived-fields.ts).
import { accountDbName, type Couch, type Doc } from '@tollgate/kazoo-db';
import type { Quantities } from '../pricing/quantities';
import { countNumbers, type NumberSource } from './number-source';
import { scanAccountDocs } from './scan-account-docs';

const LIMIT_ITEMS = ['twoway_trunks', 'inbound_trunks', 'outbound_trunks'];

function bump(q: Quantities, category: string, item: string, by = 1): void {
  q[category] = { ...(q[category] ?? {}), [item]: (q[category]?.[item] ?? 0) + by };
}

function text(v: unknown, dflt: string): string {
  return typeof v === 'string' && v !== '' ? v : dflt;
}

/** Counts one account-db doc into `q` (pure). */
function countDoc(q: Quantities, doc: Doc): void {
  if (doc.pvt_deleted === true) return;
  switch (doc.pvt_type) {
    case 'user':
      bump(q, 'users', text(doc.priv_level, 'user'));
      return;
    case 'device':
      bump(q, 'devices', text(doc.device_type, 'sip_device'));
      return;
    case 'limits':
      for (const item of LIMIT_ITEMS) {
        const v = doc[item] ?? doc[`pvt_${item}`];
        // Negative trunk counts mean "unlimited" in Kazoo; they are not billed per unit.
        if (typeof v === 'number' && Number.isInteger(v) && v > 0) bump(q, 'limits', item, v);
      }
      return;
    case 'whitelabel':
      bump(q, 'branding', 'whitelabel');
      return;
  }
}

/** The account's counts from its db and from the number manager. */
export async function countAccount(couch: Couch, accountId: string, numbers: NumberSource): Promise<Quantities> {
  const q: Quantities = {};
  await scanAccountDocs(couch, accountDbName(accountId), (doc) => countDoc(q, doc));
  const counted = await countNumbers(numbers, accountId);
  if (Object.keys(counted.phone_numbers).length) q.phone_numbers = counted.phone_numbers;
  if (Object.keys(counted.number_services).length) q.number_services = counted.number_services;
  return q;
}
