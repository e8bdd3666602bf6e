export type {
  Binding,
  Bus,
  BusEvent,
  BusListener,
  ConsumeOptions,
  Consumer,
  Delivery,
  Envelope,
  ExchangeType,
  KazooMessage,
  MessageHandler,
  RpcOptions,
} from './types';
export { BusError, type BusErrorKind, isBusError } from './bus-error';
export {
  type ApiDefinition,
  type ApiValue,
  DEFAULT_HEADERS,
  defineApi,
  isPlainObject,
  type KazooApi,
  OPTIONAL_DEFAULT_HEADERS,
  removeEmptyValues,
  type TypeCheck,
  type ValidationResult,
} from './api';
export { RATE_REQ_ROUTING_KEY, RATE_RESP_BROADCAST_ROUTING_KEY, rateReq, rateResp } from './kapi/rate';
export { CALL_EVENT_EXCHANGE, CHANNEL_DESTROY, CHANNEL_DESTROY_BINDING, callEvent, callEventRoutingKey } from './kapi/call';
export {
  AUTHZ_BROADCAST_ROUTING_KEY,
  AUTHZ_CALLS_ROUTING_KEY,
  AUTHZ_EXCHANGE,
  AUTHZ_REQ_ROUTING_KEY,
  authzCalls,
  authzReq,
  authzResp,
  BALANCE_CHECK_ROUTING_KEY,
  balanceCheckReq,
  balanceCheckResp,
  MAX_CALL_SECONDS,
} from './kapi/authz';
export { LOW_BALANCE_ROUTING_KEY, lowBalanceNotification } from './kapi/notifications';
export {
  isRateNumberQuery,
  RATE_NUMBER_ROUTING_KEY,
  RATE_NUMBER_TIMEOUT_MS,
  RATE_NUMBERS_MAX,
  RATE_NUMBERS_ROUTING_KEY,
  rateNumberReq,
  rateNumberResp,
  rateNumbersReq,
  rateNumbersResp,
} from './kapi/rate-number';
export {
  TASKS_EXCHANGE,
  TASKS_QUEUE,
  TASKS_REPLY,
  TASKS_REQUEST_TTL_MS,
  TASKS_ROUTING,
  tasksLookupReq,
  tasksLookupResp,
  tasksStartReq,
  tasksStartResp,
  tasksStopReq,
  tasksStopResp,
} from './kapi/tasks';
export {
  DOC_EVENT_NAMES,
  type DocAction,
  docBindingKey,
  docRoutingKey,
  docTypeUpdate,
  docTypeUpdateRoutingKey,
  docUpdate,
  publishDocUpdate,
} from './kapi/conf';
export { defineExchange } from './exchanges';
export { type AmqpBusOptions, createAmqpBus } from './amqp-bus';
export { createLocalBus, type LocalBusOptions } from './local-bus';
export { LocalBroker } from './local-broker';
export { type ChooseBusOptions, chooseBrokerUrl, chooseBus } from './choose-bus';
export { foreignClaims, type PlatformIdentity, type WorkQueueClaim } from './work-queue-claim';
