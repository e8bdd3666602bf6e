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
export { defaultNode, newMsgId } from './ids';
export { defineExchange, EXCHANGES, exchangeType, type KazooExchange } from './exchanges';
export { encodeRoutingKeyWord } from './routing-key';
export { topicMatches } from './topic-match';
export { RATE_REQ_ROUTING_KEY, RATE_RESP_BROADCAST_ROUTING_KEY, rateReq, rateResp } from './kapi/rate';
export { RATE_NUMBER_ROUTING_KEY, RATE_NUMBER_TIMEOUT_MS, rateNumberReq, rateNumberResp } from './kapi/rate-number';
export { errorResp } from './kapi/error-resp';
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
export { type AmqpBusOptions, createAmqpBus } from './amqp-bus';
export { createLocalBus, type LocalBusOptions } from './local-bus';
export { LocalBroker, sharedLocalBroker } from './local-broker';
export { type ChooseBusOptions, chooseBrokerUrl, chooseBus, LOCAL_BROKER_URL, probeAmqp } from './choose-bus';
export { claimQueueName, foreignClaims, peekClaim, type PlatformIdentity, type WorkQueueClaim } from './work-queue-claim';
