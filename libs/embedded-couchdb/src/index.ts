export { startEmbeddedCouchDB, type EmbeddedCouchDB, type EmbeddedCouchDBOptions } from './server';
export { adminFile, type AdminSettings, type CouchAdmin, resolveAdmin } from './admin-credentials';
