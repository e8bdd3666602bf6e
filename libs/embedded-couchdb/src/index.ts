export { startEmbeddedCouchDB, type EmbeddedCouchDB, type EmbeddedCouchDBOptions } from './server';
export { isLegalDbName, illegalDbNameReason } from './db-name-rule';
export { ADMIN_FILE, adminFile, type AdminSettings, type CouchAdmin, type CouchAdminSource, readStoredAdmin, resolveAdmin } from './admin-credentials';
