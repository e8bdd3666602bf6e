// One error type for the whole platform. `kind` says what went wrong; `code`, `message` and
// `data` are exactly what Kazoo's crossbar puts in its error envelope (cb_context:add_system_error,
// kz_json_schema validation errors), so mapping to HTTP happens once, in the crossbar core.

export type ErrorKind =
  | 'invalid_data'
  | 'bad_request'
  | 'bad_identifier'
  | 'unauthorized'
  | 'forbidden'
  | 'conflict'
  | 'not_found'
  | 'invalid_method'
  | 'too_large'
  | 'unsupported_media_type'
  | 'unavailable'
  | 'locked'
  | 'timeout'
  | 'system';

/** Per-field validation detail as Kazoo returns it: {"name":{"required":{"message":"..."}}}. */
export type ValidationErrors = Record<string, Record<string, { message: string; [k: string]: unknown }>>;

export class KazooError extends Error {
  readonly kind: ErrorKind;
  /** HTTP status, which Kazoo also puts in the envelope's "error" field as a string. */
  readonly code: number;
  /** Envelope "data". */
  readonly data: unknown;

  constructor(kind: ErrorKind, code: number, message: string, data?: unknown) {
    super(message);
    this.name = 'KazooError';
    this.kind = kind;
    this.code = code;
    this.data = data ?? { message };
  }

  /** Envelope "message" is the error's message. */
  get envelopeMessage(): string {
    return this.message || 'generic_error';
  }
}

export function isKazooError(err: unknown): err is KazooError {
  return err instanceof KazooError;
}

export const errors = {
  validation(fields: ValidationErrors): KazooError {
    return new KazooError('invalid_data', 400, 'validation error', fields);
  },
  /** A single-field validation error: field, rule (e.g. "unique", "type"), message, extra keys. */
  field(field: string, rule: string, message: string, extra: Record<string, unknown> = {}): KazooError {
    return errors.validation({ [field]: { [rule]: { message, ...extra } } });
  },
  badRequest(message: string, data?: unknown): KazooError {
    return new KazooError('bad_request', 400, message, data ?? { message });
  },
  /** `cause` says what was wrong when it is not plain syntax (e.g. nesting too deep). */
  /** api_util's answer to a body that is not JSON: a validation error on `json`. */
  parseError(cause?: string): KazooError {
    return errors.field('json', 'invalid', 'All JSON must be valid', cause ? { cause } : {});
  },
  invalidCredentials(): KazooError {
    return new KazooError('unauthorized', 401, 'invalid_credentials', { message: 'invalid credentials' });
  },
  forbidden(message = 'forbidden', cause?: string): KazooError {
    return new KazooError('forbidden', 403, 'forbidden', cause ? { message, cause } : { message });
  },
  /** crossbar_doc not_found: {"cause":"<id>","message":"bad identifier"}. */
  badIdentifier(id?: string): KazooError {
    return new KazooError('bad_identifier', 404, 'bad_identifier', id === undefined ? { message: 'bad identifier' } : { cause: id, message: 'bad identifier' });
  },
  /** crossbar_util:response_bad_identifier: message "bad identifier", data ["<id>"]. */
  badIdentifierList(id: string): KazooError {
    return new KazooError('bad_identifier', 404, 'bad identifier', [id]);
  },
  notFound(message = 'not found'): KazooError {
    return new KazooError('not_found', 404, 'not_found', { message });
  },
  invalidMethod(): KazooError {
    return new KazooError('invalid_method', 405, 'invalid_method', { message: 'method not allowed' });
  },
  conflict(message = 'conflicting documents', extra: Record<string, unknown> = {}): KazooError {
    return new KazooError('conflict', 409, 'datastore_conflict', { message, ...extra });
  },
  tooLarge(limitBytes: number): KazooError {
    return new KazooError('too_large', 413, 'request_too_large', {
      message: `request body is larger than the ${limitBytes} bytes allowed`,
    });
  },
  unsupportedMediaType(contentType: string, accepted: string[]): KazooError {
    return new KazooError('unsupported_media_type', 415, 'unsupported_media_type', {
      message: `content type ${contentType || '(none)'} is not accepted here; use ${accepted.join(' or ')}`,
    });
  },
  /** The client stopped sending a request body it had announced. */
  requestTimeout(seconds: number): KazooError {
    return new KazooError('timeout', 408, 'request_timeout', { message: `no request body received for ${seconds} seconds` });
  },
  locked(message: string): KazooError {
    return new KazooError('locked', 423, 'locked', { message });
  },
  datastoreMissing(db?: string): KazooError {
    return new KazooError('unavailable', 503, 'datastore_missing', {
      message: 'data collection missing: database not found',
      ...(db ? { cause: db } : {}),
    });
  },
  datastoreUnreachable(): KazooError {
    return new KazooError('unavailable', 503, 'datastore_unreachable', { message: 'datastore timeout' });
  },
  datastoreFault(): KazooError {
    return new KazooError('unavailable', 503, 'datastore_fault', { message: 'datastore fatal error' });
  },
  system(message: string, data?: unknown): KazooError {
    return new KazooError('system', 500, message, data ?? { message });
  },
};
export { summarizeKazooError } from './summarize';
