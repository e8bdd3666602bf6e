// The master ("Highlander") account id: the one account with an empty pvt_tree.
import { createLogger } from '@tollgate/log';
import { configuredMasterId, setMasterId } from './config';
import type { LookupDeps } from './deps';
import type { AccountDoc } from './domain/account-doc';
import { ACCOUNTS_DB } from './store/account-store';

const log = createLogger('accounts');

/**
 * kapps_util:get_master_account_id: system_config `accounts` `master_account_id`, else the oldest
 * live account with an empty pvt_tree (then written to system_config so the next lookup is cheap).
 */
export async function findMasterAccountId(deps: LookupDeps): Promise<string | undefined> {
  const configured = await configuredMasterId(deps.config);
  if (configured) return configured;
  const res = await deps.couch.db<AccountDoc>(ACCOUNTS_DB).view('accounts', 'listing_by_children', {
    startkey: [null],
    endkey: [null, {}],
    include_docs: true,
  });
  const roots = res.rows
    .map((r) => (r as { doc?: AccountDoc | null }).doc)
    .filter((d): d is AccountDoc => !!d)
    .sort((a, b) => (a.pvt_created ?? 0) - (b.pvt_created ?? 0));
  const id = roots[0]?._id;
  if (id) {
    await setMasterId(deps.config, id).catch((err: Error) => log.warn('could not record the master account id', { error: err.message }));
  }
  return id;
}

