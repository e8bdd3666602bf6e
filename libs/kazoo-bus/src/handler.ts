// Running a consumer's handler the same way on both buses: parse, call, report success or failure.
import type { Logger } from '@tollgate/log';
import { isPlainObject } from './api';
import type { Delivery, KazooMessage, MessageHandler } from './types';

/** The body as a Kazoo message, or undefined when it is not a JSON object (logged). */
export function parseBody(body: Buffer | string, queue: string, log: Logger): KazooMessage | undefined {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  try {
    const parsed: unknown = JSON.parse(text);
    if (isPlainObject(parsed)) return parsed;
  } catch {
    // reported below
  }
  log.warn('dropping a message that is not a JSON object', { queue, body: text.slice(0, 200) });
  return undefined;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** Calls the handler; `settle(true)` once it has succeeded, `settle(false)` after logging its failure. */
export function invokeHandler(
  handler: MessageHandler,
  msg: KazooMessage,
  delivery: Delivery,
  queue: string,
  log: Logger,
  settle: (ok: boolean) => void,
): void {
  const fail = (err: unknown): void => {
    log.error('message handler failed; message dropped', {
      queue,
      routingKey: delivery.routingKey,
      msgId: msg['Msg-ID'],
      error: err instanceof Error ? (err.stack ?? err.message) : String(err),
    });
    settle(false);
  };
  let result: unknown;
  try {
    result = handler(msg, delivery);
  } catch (err) {
    fail(err);
    return;
  }
  if (isThenable(result)) result.then(() => settle(true), fail);
  else settle(true);
}
