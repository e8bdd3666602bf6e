import { errors, type KazooError } from '@tollgate/errors';

/** What nano rejects with: an Error carrying CouchDB's status and error fields. */
export interface CouchErrorShape {
  statusCode?: number;
  error?: string;
  reason?: string;
  message?: string;
}

function shape(err: unknown): CouchErrorShape {
  return typeof err === 'object' && err !== null ? (err as CouchErrorShape) : {};
}

export function isNotFound(err: unknown): boolean {
  return shape(err).statusCode === 404;
}

export function isConflict(err: unknown): boolean {
  return shape(err).statusCode === 409;
}

export function isDbMissing(err: unknown): boolean {
  const e = shape(err);
  // CouchDB 3: reason "Database does not exist."; PouchDB server: error "not_found", reason "no_db_file".
  return e.statusCode === 404 && (e.reason === 'no_db_file' || e.reason === 'Database does not exist.');
}

/** No HTTP answer at all: the server is down or unreachable. */
export function isUnreachable(err: unknown): boolean {
  return shape(err).statusCode === undefined && err instanceof Error;
}

/** Maps a datastore failure to Kazoo's crossbar error (crossbar_doc:handle_datamgr_errors). */
export function toKazooError(err: unknown, id?: string): KazooError {
  const e = shape(err);
  if (isDbMissing(err)) return errors.datastoreMissing();
  if (e.statusCode === 404) return errors.badIdentifier(id);
  if (e.statusCode === 409) return errors.conflict();
  if (e.statusCode === 400) return errors.badRequest(e.reason ?? 'bad request to the datastore');
  if (e.statusCode === undefined) return errors.datastoreUnreachable();
  return errors.datastoreFault();
}
