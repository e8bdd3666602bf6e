// DELETE /v2/accounts/{id}: a soft delete (pvt_deleted) of the account doc, its replica and its
// services doc, published on the bus so billing is cancelled and numbers released by their owners.
// Nothing is destroyed: databases and ledgers stay until `tollgate purge_account`.
// Safe delete (NGNPro: "delete a customer only when no records belong to it"): with
// crossbar.accounts `safe_delete` on, an account that still holds numbers, devices or users other
// than its admins is refused with 409 and the counts, unless the caller forces it.
import { errors, KazooError } from '@tollgate/errors';
import { stampPvt } from '@tollgate/kazoo-db';
import { markAccountServicesDeleted } from '@tollgate/services';
import type { AccountsDeps } from './deps';
import { type AccountDoc, isDeleted, treeOf } from './domain/account-doc';
import { accountsSettings } from './config';
import { findMasterAccountId } from './master-id';
import { fetchAccount, updateAccountDoc } from './store/account-store';
import { descendantRows } from './store/tree-views';
import { countDevices } from './store/devices';
import { listUsers } from './store/user-store';
import { withTreeLock } from './store/tree-lock';
import { docWriter } from './store/writer';

/** cb_accounts: `account_has_descendants` (HTTP 500 in Kazoo), with a message that says what to do. */
export function hasDescendantsError(accountId: string, count: number): KazooError {
  return new KazooError('system', 500, 'account_has_descendants', {
    message: `account has ${count} sub-account${count === 1 ? '' : 's'}; delete or move them first`,
    cause: accountId,
  });
}

/** What still belongs to an account that a safe delete refuses to leave behind. */
export interface AccountHoldings {
  /** Numbers in service, reserved or being ported (the numbers module counts them for the host). */
  numbers: number;
  devices: number;
  /** Users whose priv_level is not admin. */
  users: number;
  descendants: number;
}

export interface DeleteAccountOptions {
  /** Delete even when the account holds records (a superduper_admin's `?force=true`); sub-accounts still refuse. */
  force?: boolean;
  /** How many numbers in service, reserved or porting the account holds (numbers depend on accounts, so the host asks them). */
  numbersHeld?: (accountId: string) => Promise<number>;
}

/** The 409 of a safe delete, with what the account still holds. */
export function accountNotEmptyError(accountId: string, h: AccountHoldings): KazooError {
  const parts = (['numbers', 'devices', 'users'] as const).filter((k) => h[k] > 0).map((k) => `${h[k]} ${k === 'users' ? 'users besides its admins' : k}`);
  return new KazooError('conflict', 409, 'account_not_empty', {
    message: `account still holds ${parts.join(', ')}; release or delete them first (a superduper_admin may pass force=true)`,
    cause: accountId,
    ...h,
  });
}

/** Counts what the account holds (descendants included); reads only. */
export async function accountHoldings(deps: AccountsDeps, accountId: string, numbersHeld?: (accountId: string) => Promise<number>): Promise<AccountHoldings> {
  const [below, users, devices, numbers] = await Promise.all([
    descendantRows(deps.couch, accountId),
    listUsers(deps.couch, accountId),
    countDevices(deps.couch, accountId),
    numbersHeld ? numbersHeld(accountId) : Promise.resolve(0),
  ]);
  return {
    numbers,
    devices,
    users: users.filter((u) => u.priv_level !== 'admin').length,
    descendants: below.filter((r) => r.id !== accountId).length,
  };
}

/** Throws Kazoo's error when the account may not be deleted; reads only. */
async function checkDeletable(deps: AccountsDeps, accountId: string, opts: DeleteAccountOptions): Promise<void> {
  const account = await fetchAccount(deps.couch, accountId);
  if (!account) throw errors.badIdentifier(accountId);
  const masterId = await findMasterAccountId(deps);
  if (accountId === masterId || treeOf(account).length === 0) throw errors.forbidden('the master account cannot be deleted', accountId);
  if (isDeleted(account)) return;
  const below = (await descendantRows(deps.couch, accountId)).filter((r) => r.id !== accountId);
  if (below.length > 0) throw hasDescendantsError(accountId, below.length);
  if (opts.force || !(await accountsSettings(deps.config)).safeDelete) return;
  const holdings = await accountHoldings(deps, accountId, opts.numbersHeld);
  if (holdings.numbers + holdings.devices + holdings.users > 0) throw accountNotEmptyError(accountId, holdings);
}

export async function deleteAccount(deps: AccountsDeps, accountId: string, opts: DeleteAccountOptions = {}): Promise<AccountDoc> {
  // Checked once before the lock too: taking it writes the shared lock doc, and a refused request writes nothing.
  await checkDeletable(deps, accountId, opts);
  return withTreeLock(docWriter(deps), async () => {
    await checkDeletable(deps, accountId, opts);
    // Re-running finishes a delete that was interrupted after the first write.
    const saved = await updateAccountDoc(deps, accountId, (cur) => (isDeleted(cur) ? undefined : stampPvt({ ...cur, pvt_deleted: true })));
    await markAccountServicesDeleted(deps, accountId);
    if (!saved) throw errors.badIdentifier(accountId);
    return saved;
  });
}
