export type { ServiceDeps, RunningService, ServiceStarter } from './service';
export { ensureGlobalDbs, GLOBAL_DB_CLASSES } from './global-dbs';
export { publishDocChange, saveAndPublish } from './doc-events';
export { type Repeating, type RepeatOptions, startRepeating } from './repeat';
export { platformIdentity } from './platform-identity';
export { type Readiness, ReadinessBoard } from './readiness';
export { DocWriter, type DocWriterOptions } from './doc-writer';
export { DocBatch } from './doc-batch';
export { currentWriteActor, runAsWriteActor, stampWriteActor, type WriteActor } from './write-actor';
