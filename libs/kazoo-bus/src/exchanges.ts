// Kazoo's exchanges (core/kazoo_amqp/include/kz_amqp.hrl), declared non-durable and not
// auto-deleted exactly as kz_amqp_util:new_exchange does, so Kazoo and Tollgate can share a broker.
import { BusError } from './bus-error';
import type { ExchangeType } from './types';

const EXCHANGES = {
  targeted: 'direct',
  callctl: 'direct',
  callevt: 'topic',
  resources: 'topic',
  callmgr: 'topic',
  conference: 'topic',
  monitor: 'topic',
  configuration: 'topic',
  kapps: 'topic',
  presence: 'topic',
  notifications: 'topic',
  sysconf: 'topic',
  bookkeepers: 'topic',
  nodes: 'fanout',
  registrar: 'topic',
  leader: 'topic',
  tasks: 'topic',
} as const satisfies Record<string, ExchangeType>;

export const EXCHANGE_DECLARE_OPTIONS = { durable: false, autoDelete: false } as const;

const defined = new Map<string, ExchangeType>(Object.entries(EXCHANGES));

/** Makes a non-Kazoo exchange usable by every bus in this process (publish and bindings). */
export function defineExchange(name: string, type: ExchangeType): void {
  const known = defined.get(name);
  if (known !== undefined && known !== type) {
    throw new BusError('unknown_exchange', `exchange ${name} is already defined as ${known}, not ${type}`);
  }
  defined.set(name, type);
}

export function exchangeType(name: string): ExchangeType {
  const type = defined.get(name);
  if (type === undefined) {
    throw new BusError('unknown_exchange', `unknown exchange "${name}": not a Kazoo exchange; call defineExchange(name, type) first`);
  }
  return type;
}
