// The master ("Highlander") account id: the one account with an empty pvt_tree.
import { createLogger } from '@tollgate/log';
import { accountsSettings, recordMasterId } from './config';
import type { LookupDeps } from './deps';
import { rootAccounts } from './store/tree-views';

const log = createLogger('accounts');

/**
 * kapps_util:get_master_account_id: system_config `accounts` `master_account_id`, else the oldest
 * live account with an empty pvt_tree (then written to system_config so the next lookup is cheap).
 */
export async function findMasterAccountId(deps: LookupDeps): Promise<string | undefined> {
  const configured = (await accountsSettings(deps.config)).masterAccountId;
  if (configured) return configured;
  const id = (await rootAccounts(deps.couch))[0]?._id;
  if (id) {
    await recordMasterId(deps.config, id).catch((err: Error) => log.warn('could not record the master account id', { error: err.message }));
  }
  return id;
}
