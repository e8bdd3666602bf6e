export { startEmbeddedCouchDB, type EmbeddedCouchDB, type EmbeddedCouchDBOptions } from './server';
export { isLegalDbName, illegalDbNameReason } from './db-name-rule';
