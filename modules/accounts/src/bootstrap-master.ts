// First run: the master account (superduper_admin, pvt_tree [], its own reseller) and its admin.
import { createLogger } from '@tollgate/log';
import { recordMasterId } from './config';
import { insertAccount } from './create-account';
import type { AccountsDeps } from './deps';
import { findMasterAccountId } from './master-id';
import { docWriter } from './store/writer';
import { withTreeLock } from './store/tree-lock';
import { listUsers } from './store/user-store';
import { createUser } from './users';

const log = createLogger('accounts');

export interface BootstrapMasterOptions {
  accountName: string;
  realm?: string;
  username: string;
  password: string;
  firstName?: string;
  lastName?: string;
  email?: string;
}

/**
 * First run: creates the master account and its admin user and records the master id in
 * system_config. Later runs return the existing master and change nothing — except that a
 * master left without any user by an interrupted first run gets its admin user.
 */
export async function bootstrapMaster(deps: AccountsDeps, opts: BootstrapMasterOptions): Promise<{ accountId: string; created: boolean }> {
  const existing = await findMasterAccountId(deps);
  if (existing) {
    if ((await listUsers(deps.couch, existing)).length === 0) await createAdmin(deps, existing, opts);
    return { accountId: existing, created: false };
  }
  const master = await withTreeLock(docWriter(deps), () =>
    insertAccount(deps, {
      data: { name: opts.accountName, ...(opts.realm ? { realm: opts.realm } : {}) },
      tree: [],
      enabled: true,
      superduperAdmin: true,
      reseller: true,
      masterId: undefined,
    }),
  );
  const accountId = master._id;
  await recordMasterId(deps.config, accountId);
  await createAdmin(deps, accountId, opts);
  log.info('created the master account', { accountId, name: opts.accountName, username: opts.username });
  return { accountId, created: true };
}

async function createAdmin(deps: AccountsDeps, accountId: string, opts: BootstrapMasterOptions): Promise<void> {
  await createUser(deps, accountId, {
    username: opts.username,
    password: opts.password,
    first_name: opts.firstName ?? 'Account',
    last_name: opts.lastName ?? 'Admin',
    priv_level: 'admin',
    enabled: true,
    ...(opts.email ? { email: opts.email } : {}),
  });
}
