// Recounts an account's billable things from its db (Kazoo's kz_service_* modules): users by
// priv_level, devices by device_type, limits (trunks), whitelabel branding, the ratedeck its plans
// give it, and phone numbers by classification with their features.
import { accountDbName, type Couch, type Doc } from '@tollgate/kazoo-db';
import type { EffectiveRatedeck } from '../plan/effective-ratedeck';
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
export function countDoc(q: Quantities, doc: Doc): void {
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

export interface RecountOptions {
  numbers: NumberSource;
  /** The deck the account's plans give it; counted as ratedeck.<id> = 1. */
  ratedeck?: EffectiveRatedeck;
}

export async function recountAccount(couch: Couch, accountId: string, opts: RecountOptions): Promise<Quantities> {
  const q: Quantities = {};
  await scanAccountDocs(couch, accountDbName(accountId), (doc) => countDoc(q, doc));
  const numbers = await countNumbers(opts.numbers, accountId);
  if (Object.keys(numbers.phone_numbers).length) q.phone_numbers = numbers.phone_numbers;
  if (Object.keys(numbers.number_services).length) q.number_services = numbers.number_services;
  if (opts.ratedeck) q.ratedeck = { [opts.ratedeck.id]: 1 };
  return q;
}
