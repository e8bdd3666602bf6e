// How a consume() spec becomes a queue declaration, the same for both bus implementations.
import type { ConsumeOptions } from './types';

/** A work queue nobody has consumed from for this long is removed by the broker (`x-expires`). */
export const WORK_QUEUE_IDLE_EXPIRY_MS = 60 * 60 * 1000;

export interface QueueDeclaration {
  exclusive: boolean;
  durable: boolean;
  autoDelete: boolean;
  arguments: Readonly<Record<string, unknown>> | undefined;
}

export function isWorkQueue(spec: Pick<ConsumeOptions, 'queue'>): boolean {
  return Boolean(spec.queue);
}

export function queueDeclaration(spec: ConsumeOptions): QueueDeclaration {
  const work = isWorkQueue(spec);
  const autoDelete = spec.autoDelete ?? !work;
  const args: Record<string, unknown> = {};
  if (work && !autoDelete) args['x-expires'] = WORK_QUEUE_IDLE_EXPIRY_MS;
  if (work && spec.messageTtlMs !== undefined) args['x-message-ttl'] = spec.messageTtlMs;
  Object.assign(args, spec.arguments);
  return {
    exclusive: spec.exclusive ?? !work,
    durable: spec.durable ?? work,
    autoDelete,
    arguments: Object.keys(args).length ? args : undefined,
  };
}
