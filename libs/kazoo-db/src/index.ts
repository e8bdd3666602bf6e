export * from './db-names';
export * from './time';
export * from './pvt';
export * from './couch';
export * from './couch-errors';
export * from './views';
export * from './changes-follower';
export { couchEndpoint, type CouchEndpoint, redactedUrl } from './http';
export { storageTargets } from './storage-targets';
