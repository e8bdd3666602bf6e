// knm_errors:to_json — {code, error, cause, message} — carried as the envelope data of a
// KazooError whose message is the knm error name (cb_phone_numbers answers `"message":"number_exists"`).
import { KazooError } from '@tollgate/errors';

export interface KnmErrorJson {
  code: number;
  error: string;
  message: string;
  cause?: string;
}

function knm(code: number, error: string, message: string, cause?: string): KazooError {
  const kind = code === 404 ? 'bad_identifier' : code === 403 ? 'forbidden' : code === 409 ? 'conflict' : code === 400 ? 'invalid_data' : 'system';
  const data: KnmErrorJson = { code, error, message, ...(cause !== undefined ? { cause } : {}) };
  return new KazooError(kind, code, error, data);
}

export const knmErrors = {
  numberExists: (num: string) => knm(409, 'number_exists', `number ${num} already exists`, num),
  notFound: (num: string) => knm(404, 'not_found', `number ${num} not found`, num),
  notReconcilable: (num: string) => knm(404, 'not_found', `number ${num} is not reconcilable`, num),
  unauthorized: (cause?: string) => knm(403, 'forbidden', 'requestor is unauthorized to perform operation', cause),
  noChangeRequired: (cause?: string) => knm(400, 'no_change_required', 'no change required', cause),
  invalidStateTransition: (from: string, to: string) => knm(400, 'invalid_state_transition', 'invalid state transition', `from ${from} to ${to}`),
  /** The number is held by another account (or already in service): the loser of a race gets this. */
  unavailable: (num: string, why: string) => knm(409, 'number_unavailable', `number ${num} is not available: ${why}`, num),
  /** Someone changed the number between our read and our write (CouchDB revision conflict). */
  conflict: (num: string) => knm(409, 'number_conflict', `number ${num} was changed by another request`, num),
  assignFailure: (cause: string) => knm(400, 'assign_failure', 'assign failure', cause),
  carrierNotSpecified: (num: string) => knm(400, 'carrier_not_specified', `no carrier module for number ${num}`, num),
};
