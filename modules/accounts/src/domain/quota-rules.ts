// NGNPro credits as Kazoo-style quotas: the maximum count per kind of record an account (and, for a
// reseller, its whole tree) may hold. Pure rules: the input check, the verdict on a create and the
// over-quota report.
import type { ValidationErrors } from '@tollgate/errors';
import { schemaValidator } from '@tollgate/schemas';

export const QUOTA_KINDS = ['accounts', 'users', 'devices', 'phone_numbers'] as const;
export type QuotaKind = (typeof QUOTA_KINDS)[number];
/** A missing kind is unlimited. */
export type Quotas = Partial<Record<QuotaKind, number>>;
export type Usage = Record<QuotaKind, number>;

/** Fields a client may send back from a GET that are shown, never stored. */
const READ_ONLY = new Set(['id', 'usage', 'over_quota', 'customers_over_quota']);

export function isQuotaKind(k: string): k is QuotaKind {
  return (QUOTA_KINDS as readonly string[]).includes(k);
}

/** The quotas a POST sets (it replaces them all), or Kazoo's per-field errors, all at once (schema `quotas`). */
export function parseQuotas(data: unknown): { ok: true; quotas: Quotas } | { ok: false; errors: ValidationErrors } {
  if (data === undefined) return { ok: true, quotas: {} };
  const sent = isObject(data) ? Object.fromEntries(Object.entries(data).filter(([k]) => !READ_ONLY.has(k))) : data;
  const checked = schemaValidator().check('quotas', sent);
  if (!checked.ok) return { ok: false, errors: checked.errors };
  const quotas: Quotas = {};
  for (const [k, v] of Object.entries(checked.doc)) if (isQuotaKind(k) && typeof v === 'number') quotas[k] = v;
  return { ok: true, quotas };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Whether `units` more fit under `maximum` when `used` are held and `pending` are reserved by creates in flight. */
export function fitsQuota(maximum: number | undefined, used: number, pending: number, units: number): boolean {
  return maximum === undefined || used + pending + units <= maximum;
}

/** The kinds whose usage is above the maximum (records written straight into CouchDB are not refused, only reported). */
export function overQuota(quotas: Quotas, usage: Usage): QuotaKind[] {
  return QUOTA_KINDS.filter((k) => quotas[k] !== undefined && usage[k] > (quotas[k] as number));
}

export interface Reservation {
  kind: QuotaKind;
  units: number;
  /** The account the record is created in. */
  account_id: string;
  /** ms since the epoch; after it the reservation no longer counts (a crashed create leaks nothing for longer). */
  expires: number;
}

/** Units reserved for `kind` by creates still in flight. */
export function pendingUnits(reservations: Readonly<Record<string, Reservation>>, kind: QuotaKind, nowMs: number): number {
  let n = 0;
  for (const r of Object.values(reservations)) if (r.kind === kind && r.expires > nowMs) n += r.units;
  return n;
}

/** The reservations still live (expired ones are dropped on the next write). */
export function liveReservations(reservations: Readonly<Record<string, Reservation>>, nowMs: number): Record<string, Reservation> {
  const out: Record<string, Reservation> = {};
  for (const [id, r] of Object.entries(reservations)) if (r.expires > nowMs) out[id] = r;
  return out;
}
