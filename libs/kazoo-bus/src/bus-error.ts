export type BusErrorKind =
  | 'timeout'
  | 'buffer_full'
  | 'closed'
  | 'unknown_exchange'
  | 'invalid_message'
  | 'broker'
  /** A work queue is consumed by another platform (another database) on the same vhost. */
  | 'foreign_platform';

export class BusError extends Error {
  readonly kind: BusErrorKind;

  constructor(kind: BusErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BusError';
    this.kind = kind;
  }
}

export function isBusError(err: unknown, kind?: BusErrorKind): err is BusError {
  return err instanceof BusError && (kind === undefined || err.kind === kind);
}
