// The `quotas` doc of an account db: the maximum per kind (public fields, as the API shows them)
// and `pvt_reservations`, the units held by creates in flight. One doc per quota holder, written
// through CouchDB revisions: a reservation is written only over the revision its check was made
// on, so two crossbar processes racing for the last unit cannot both write theirs.
import { accountDbName, type Couch, type Doc } from '@tollgate/kazoo-db';
import { isQuotaKind, type Quotas, type Reservation } from '../domain/quota-rules';

export const QUOTA_DOC_ID = 'quotas';

export interface QuotaDoc extends Doc {
  pvt_type?: 'quotas';
  pvt_reservations?: Record<string, Reservation>;
}

export function quotasOf(doc: QuotaDoc | undefined): Quotas {
  const out: Quotas = {};
  if (!doc) return out;
  for (const [k, v] of Object.entries(doc)) if (isQuotaKind(k) && typeof v === 'number' && Number.isInteger(v) && v >= 0) out[k] = v;
  return out;
}

export function reservationsOf(doc: QuotaDoc | undefined): Record<string, Reservation> {
  const r = doc?.pvt_reservations;
  return r && typeof r === 'object' && !Array.isArray(r) ? r : {};
}

export async function readQuotaDoc(couch: Couch, accountId: string): Promise<QuotaDoc | undefined> {
  return couch.get<QuotaDoc>(accountDbName(accountId), QUOTA_DOC_ID);
}
