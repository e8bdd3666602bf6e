import { type Couch, type DbClass, deployDesignDocs, GLOBAL_DBS } from '@tollgate/kazoo-db';

/** Kazoo's global databases and the design-doc class each gets. */
export const GLOBAL_DB_CLASSES: readonly [string, DbClass][] = [
  [GLOBAL_DBS.accounts, 'accounts'],
  [GLOBAL_DBS.services, 'services'],
  [GLOBAL_DBS.systemConfig, 'system_config'],
  [GLOBAL_DBS.tasks, 'tasks'],
  [GLOBAL_DBS.tokenAuth, 'token_auth'],
  [GLOBAL_DBS.ratedeck, 'ratedeck'],
];

/** Creates the global dbs that are missing and pushes their design docs (unchanged ones are left alone). */
export async function ensureGlobalDbs(couch: Couch): Promise<void> {
  for (const [db, cls] of GLOBAL_DB_CLASSES) {
    await couch.ensureDb(db);
    await deployDesignDocs(couch, db, cls);
  }
}
