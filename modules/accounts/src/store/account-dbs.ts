// An account's databases: its account db (`account/xx/yy/…`, with the `account` design docs) and
// its monthly MODBs (`…-YYYYMM`, with the `modb` ones).
import { type Couch, accountDbName, deployDesignDocs, modbName } from '@tollgate/kazoo-db';

/** The account db and the current MODB, each with its design docs (kzdb_account:create). */
export async function createAccountDbs(couch: Couch, accountId: string): Promise<void> {
  const db = accountDbName(accountId);
  await couch.ensureDb(db);
  await deployDesignDocs(couch, db, 'account');
  const modb = modbName(accountId);
  await couch.ensureDb(modb);
  await deployDesignDocs(couch, modb, 'modb');
}

/** Destroys every MODB of the account, then its account db. */
export async function destroyAccountDbs(couch: Couch, accountId: string): Promise<void> {
  const db = accountDbName(accountId);
  for (const name of await couch.listDbs(`${db}-`)) await couch.destroyDb(name);
  await couch.destroyDb(db);
}
