export type { ServiceDeps, RunningService, ServiceStarter } from './service';
export { ensureGlobalDbs, GLOBAL_DB_CLASSES } from './global-dbs';
export { publishDocChange, saveAndPublish } from './doc-events';
export { type Repeating, type RepeatOptions, startRepeating } from './repeat';
export { databaseLabel, platformIdentity } from './platform-identity';
export { type Readiness, ReadinessBoard } from './readiness';
export { DATAMGR_CONFIG, DEFAULT_PUBLISH_EXCLUDE_TYPES, DocWriter, type DocWriterOptions } from './doc-writer';
