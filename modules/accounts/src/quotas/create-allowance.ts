// The gate every create in the tree passes (crossbar's accounts, users and phone-number creates):
// no inactive reseller on the account's path, and room under every quota on it — the account's
// own, its ancestors', its reseller's (the sum over the reseller's customers). Room is reserved in
// each holder's `quotas` doc before the create runs and released after it: the reservation is
// written over the revision the count was made on (a conflict re-reads and counts again), so of
// two creates racing for the last unit, across any number of processes, exactly one gets it. A
// reservation lapses after crossbar.accounts `quota_reservation_s`, so a create that crashed in
// between frees its unit then; usage itself is always recounted from the records, never kept.
import { randomBytes } from 'node:crypto';
import { KazooError } from '@tollgate/errors';
import { accountDbName } from '@tollgate/kazoo-db';
import { createLogger } from '@tollgate/log';
import { accountsSettings } from '../config';
import type { AccountsDeps } from '../deps';
import { type AccountDoc, isDeleted, treeOf } from '../domain/account-doc';
import { fitsQuota, liveReservations, pendingUnits, type QuotaKind, type Reservation } from '../domain/quota-rules';
import { inactiveOnPath, resellerInactiveError } from '../domain/reseller-active';
import { fetchAccount, fetchAccountsById } from '../store/account-store';
import { docWriter } from '../store/writer';
import { QUOTA_DOC_ID, type QuotaDoc, quotasOf, readQuotaDoc, reservationsOf } from './quota-store';
import { type QuotaDeps, subtreeUsage } from './quota-usage';

const log = createLogger('accounts');

/** Conflicting writers each retry; every round one of them wins, so this bounds a burst of racers. */
const RESERVE_ATTEMPTS = 60;

export interface CreateRequest {
  /** The account the record is created in (for a sub-account: its parent). */
  accountId: string;
  kind: QuotaKind;
  /** Units the create adds (0: it takes nothing new, e.g. activating a number the account already reserved). */
  units?: number;
}

type CreateDeps = AccountsDeps & Pick<QuotaDeps, 'numbers'>;

interface Holder {
  id: string;
  doc: AccountDoc | undefined;
}

/** The account and its ancestors, nearest first (replicas, read fresh: a reactivation counts at once). */
async function pathOf(deps: AccountsDeps, accountId: string): Promise<Holder[]> {
  // The authority, else its replica (hosts whose fixtures or hand edits left only one of them).
  const account = (await fetchAccount(deps.couch, accountId)) ?? (await fetchAccountsById(deps.couch, [accountId])).get(accountId);
  const tree = account ? treeOf(account) : [];
  const docs = await fetchAccountsById(deps.couch, tree);
  const path: Holder[] = [{ id: accountId, doc: account }];
  for (const id of [...tree].reverse()) path.push({ id, doc: docs.get(id) });
  return path;
}

/** 403 when a reseller on the account's path (or the account itself) has reseller_active false. */
export async function requireTreeActive(deps: AccountsDeps, accountId: string): Promise<void> {
  await checkActive(await pathOf(deps, accountId));
}

async function checkActive(path: readonly Holder[]): Promise<void> {
  const inactive = inactiveOnPath(path.flatMap((h) => (h.doc && !isDeleted(h.doc) ? [h.doc] : [])));
  if (inactive) throw resellerInactiveError(inactive);
}

function isResellerDoc(doc: AccountDoc | undefined): boolean {
  return doc?.pvt_reseller === true || doc?.pvt_superduper_admin === true;
}

function quotaRefused(req: Required<CreateRequest>, holder: Holder, maximum: number, current: number, pending: number): KazooError {
  const level = isResellerDoc(holder.doc) ? 'reseller' : 'account';
  const name = typeof holder.doc?.name === 'string' ? ` (${holder.doc.name})` : '';
  const inFlight = pending > 0 ? ` and ${pending} being created` : '';
  const message = `${req.kind} quota of ${level} ${holder.id}${name} reached: ${current} of ${maximum} in use${inFlight}`;
  return new KazooError('forbidden', 403, 'forbidden', {
    message,
    cause: holder.id,
    kind: req.kind,
    quota: maximum,
    current,
    ...(pending > 0 ? { pending } : {}),
    level,
    quota_account_id: holder.id,
    account_id: req.accountId,
    ...(level === 'reseller' ? { reseller_id: holder.id } : {}),
  });
}

type Attempt = 'reserved' | 'unlimited' | { used: number; pending: number; maximum: number };

/** One read-count-write of the holder's quotas doc: reserved, no quota (any more), or what stood in the way. */
async function tryReserve(deps: CreateDeps, holder: Holder, req: Required<CreateRequest>, resId: string, ttlMs: number): Promise<Attempt> {
  let outcome = 'unlimited' as Attempt;
  await docWriter(deps).update<QuotaDoc>(
    accountDbName(holder.id),
    QUOTA_DOC_ID,
    async (cur) => {
      const maximum = quotasOf(cur)[req.kind];
      if (maximum === undefined || !cur) {
        outcome = 'unlimited';
        return undefined;
      }
      const now = Date.now();
      const live = liveReservations(reservationsOf(cur), now);
      // Counted after the doc was read: a create whose reservation this revision no longer holds is in the count.
      const used = (await subtreeUsage(deps, holder.id, [req.kind]))[req.kind];
      const pending = pendingUnits(live, req.kind, now);
      if (!fitsQuota(maximum, used, pending, req.units)) {
        outcome = { used, pending, maximum };
        return undefined;
      }
      outcome = 'reserved';
      const reservation: Reservation = { kind: req.kind, units: req.units, account_id: req.accountId, expires: now + ttlMs };
      return { ...cur, pvt_reservations: { ...live, [resId]: reservation } };
    },
    RESERVE_ATTEMPTS,
  );
  return outcome;
}

/**
 * Reserves `units` under the holder's quota, or throws the refusal. When only creates in flight
 * stand in the way, it waits for them to finish (their records then count, or their units come
 * back): a create that finished but has not yet released its reservation would otherwise be
 * counted twice and refuse a unit that is free.
 */
async function reserve(deps: CreateDeps, holder: Holder, req: Required<CreateRequest>, resId: string, ttlMs: number, waitMs: number): Promise<'reserved' | 'unlimited'> {
  const deadline = Date.now() + waitMs;
  for (let wait = 10; ; wait = Math.min(wait * 2, 250)) {
    const outcome = await tryReserve(deps, holder, req, resId, ttlMs);
    if (typeof outcome === 'string') return outcome;
    const { used, pending, maximum } = outcome;
    if (!fitsQuota(maximum, used, 0, req.units) || Date.now() > deadline) throw quotaRefused(req, holder, maximum, used, pending);
    await new Promise((r) => setTimeout(r, wait + Math.floor(Math.random() * wait)));
  }
}

async function release(deps: AccountsDeps, holderId: string, resId: string): Promise<void> {
  await docWriter(deps)
    .update<QuotaDoc>(accountDbName(holderId), QUOTA_DOC_ID, (cur) => {
      if (!cur || !reservationsOf(cur)[resId]) return undefined;
      const { [resId]: _gone, ...rest } = reservationsOf(cur);
      return { ...cur, pvt_reservations: liveReservations(rest, Date.now()) };
    }, RESERVE_ATTEMPTS)
    .catch((err) => log.warn('could not release a quota reservation (it lapses by itself)', { account_id: holderId, error: (err as Error).message }));
}

/**
 * Runs `create` when the account's tree is active and the record fits every quota on its path
 * (403 naming the inactive reseller, or the quota, count and level that refused).
 */
export async function withCreateAllowance<T>(deps: CreateDeps, request: CreateRequest, create: () => Promise<T>): Promise<T> {
  const req: Required<CreateRequest> = { units: 1, ...request };
  const path = await pathOf(deps, req.accountId);
  await checkActive(path);
  if (req.units <= 0) return create();
  const quotaDocs = await Promise.all(path.map((h) => readQuotaDoc(deps.couch, h.id)));
  const holders = path.filter((_h, i) => quotasOf(quotaDocs[i])[req.kind] !== undefined);
  if (holders.length === 0) return create();
  const settings = await accountsSettings(deps.config);
  const ttlMs = settings.quotaReservationSeconds * 1000;
  const waitMs = settings.quotaInFlightWaitSeconds * 1000;
  const resId = randomBytes(8).toString('hex');
  const reserved: string[] = [];
  try {
    for (const holder of holders) if ((await reserve(deps, holder, req, resId, ttlMs, waitMs)) === 'reserved') reserved.push(holder.id);
    return await create();
  } finally {
    await Promise.all(reserved.map((id) => release(deps, id, resId)));
  }
}
