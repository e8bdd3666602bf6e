import { randomBytes, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/** 32 lowercase hex characters, like kz_binary:rand_hex(16); randomUUID draws from a pool, so it is cheap per message. */
export function newMsgId(): string {
  return randomUUID().replaceAll('-', '');
}

/** Kazoo's Node header is the Erlang node name (`kazoo_apps@host`); ours reads the same way. */
export function defaultNode(): string {
  return `tollgate@${hostname()}`;
}

/**
 * Queue names are chosen here rather than by the broker (`amq.gen-…`) so that a queue keeps its
 * name across reconnections; the shape follows kz_amqp_util:new_queue_name (node-pid-hex).
 */
export function newQueueName(node: string): string {
  return `${node}-${process.pid}-${randomBytes(8).toString('hex')}`;
}
