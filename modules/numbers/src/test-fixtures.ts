// Test-only: an account tree (master → reseller → customers, master → outsider) in the real
// `accounts` db, with account and services docs, and a random NPA so numbers dbs are this test's own.
import { accountDbName, type Couch, GLOBAL_DBS } from '@tollgate/kazoo-db';
import { randomHex, type TestCouch } from '@tollgate/testing';

export interface Tree {
  master: string;
  reseller: string;
  customer: string;
  customer2: string;
  outsider: string;
  /** `+1NPA` of this test's numbers. */
  prefix: string;
  numberDbs: string[];
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
  const numberDbs = [`numbers/${prefix}`];
  return { master, reseller, customer, customer2, outsider, prefix, numberDbs };
}

export async function removeTree(couch: Couch, t: Tree): Promise<void> {
  for (const id of [t.master, t.reseller, t.customer, t.customer2, t.outsider]) {
    for (const db of [GLOBAL_DBS.accounts, GLOBAL_DBS.services]) {
      const doc = await couch.get(db, id);
      if (doc?._rev) await couch.db(db).destroy(id, doc._rev).catch(() => undefined);
    }
  }
}
