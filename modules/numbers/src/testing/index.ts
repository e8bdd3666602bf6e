// Test helpers of @tollgate/numbers: an account tree (master → reseller → customers, master →
// outsider) in the real `accounts` db, with account and services docs, and a random NPA so the
// numbers dbs are the test's own.
import type { ConfigKey, SystemConfig } from '@tollgate/config';
import { accountDbName, type Couch, GLOBAL_DBS } from '@tollgate/kazoo-db';
import { randomHex, type TestCouch } from '@tollgate/testing';
import { NUMBER_MANAGER_CATEGORY, numbersSettings } from '../config';

export interface Tree {
  master: string;
  reseller: string;
  customer: string;
  customer2: string;
  outsider: string;
  /** `+1NPA` of this test's numbers. */
  prefix: string;
}

export async function makeTree(couch: TestCouch): Promise<Tree> {
  await couch.ensureDb(GLOBAL_DBS.accounts);
  await couch.ensureDb(GLOBAL_DBS.services);
  const [master, reseller, customer, customer2, outsider] = Array.from({ length: 5 }, () => randomHex(16));
  const trees: [string, string[], boolean][] = [
    [master, [], true],
    [reseller, [master], true],
    [customer, [master, reseller], false],
    [customer2, [master, reseller], false],
    [outsider, [master], false],
  ];
  for (const [id, tree, isReseller] of trees) {
    const doc = { _id: id, pvt_type: 'account', pvt_tree: tree, name: `acct-${id.slice(0, 6)}`, pvt_reseller: isReseller };
    await couch.ensureDb(accountDbName(id));
    couch.track(accountDbName(id));
    await couch.put(accountDbName(id), doc);
    await couch.put(GLOBAL_DBS.accounts, doc);
    await couch.put(GLOBAL_DBS.services, { _id: id, pvt_type: 'service', pvt_dirty: false, pvt_modified: 1, pvt_reseller: isReseller, quantities: { phone_numbers: {} } });
  }
  // A US area code whose numbers db no other test uses.
  const prefix = `+1${await couch.reserveUsAreaCode()}`;
  return { master, reseller, customer, customer2, outsider, prefix };
}

export async function removeTree(couch: Couch, t: Tree): Promise<void> {
  for (const id of [t.master, t.reseller, t.customer, t.customer2, t.outsider]) {
    for (const db of [GLOBAL_DBS.accounts, GLOBAL_DBS.services]) {
      await couch.removeCurrent(db, id);
    }
  }
}

/**
 * Sets a system_config number_manager key and waits until the live settings hold it (without the
 * wait they follow `_changes`, a moment later).
 */
export async function setNumberManagerKey(config: SystemConfig, key: ConfigKey, value: unknown): Promise<void> {
  await config.setDefault(NUMBER_MANAGER_CATEGORY, key, value);
  await (await numbersSettings(config)).refresh();
}
