// kapi_call's call event (core/kazoo_amqp/src/api/kapi_call.erl, kapi_call.hrl): what the switch
// publishes on exchange `callevt` for every channel event, under the routing key
// `call.<Event-Name>.<call id>` with the call id encoded as kz_amqp_util:encode does. Consumers
// (charging's CHANNEL_DESTROY queue) and publishers (tests, tools) use these definitions.
import { defineApi } from '../api';
import { encodeRoutingKeyWord } from '../routing-key';

export const CALL_EVENT_EXCHANGE = 'callevt';
export const CHANNEL_DESTROY = 'CHANNEL_DESTROY';

/** ?CALL_EVENT_ROUTING_KEY(Event, CallId): `call.<event>.<encoded call id>`; `*` binds every call. */
export function callEventRoutingKey(eventName: string, callId: string): string {
  return `call.${eventName}.${encodeRoutingKeyWord(callId)}`;
}

/** Every call's CHANNEL_DESTROY (kapi_call:bind_q with restrict_to CHANNEL_DESTROY). */
export const CHANNEL_DESTROY_BINDING = callEventRoutingKey(CHANNEL_DESTROY, '*');

/** ?CALL_EVENT_HEADERS, ?OPTIONAL_CALL_EVENT_HEADERS, ?CALL_EVENT_VALUES, ?CALL_EVENT_TYPES. */
export const callEvent = defineApi({
  eventCategory: 'call_event',
  required: ['Call-ID'],
  optional: [
    'Application-Data',
    'Application-Event',
    'Application-Name',
    'Application-Response',
    'Billing-Seconds',
    'Call-Direction',
    'Callee-ID-Name',
    'Callee-ID-Number',
    'Caller-ID-Name',
    'Caller-ID-Number',
    'Channel-Call-State',
    'Channel-Created-Time',
    'Channel-Is-Loopback',
    'Channel-Debug',
    'Channel-Loopback-Bowout',
    'Channel-Loopback-Bowout-Execute',
    'Channel-Loopback-Leg',
    'Channel-Loopback-Other-Leg-ID',
    'Channel-Moving',
    'Channel-Name',
    'Channel-State',
    'Conference-Config',
    'Conference-Name',
    'Control-Queue',
    'Custom-Application-Vars',
    'Custom-Channel-Vars',
    'Custom-SIP-Headers',
    'Detected-Tone',
    'Digits-Dialed',
    'Disposition',
    'DTMF-Digit',
    'DTMF-Duration',
    'Duration-Seconds',
    'Fax-Info',
    'From',
    'From-Tag',
    'From-Uri',
    'Hangup-Cause',
    'Hangup-Code',
    'Interaction-ID',
    'Intercepted-By',
    'Length',
    'Local-SDP',
    'Media-Server',
    'Origination-Call-ID',
    'Other-Leg-Call-ID',
    'Other-Leg-Caller-ID-Name',
    'Other-Leg-Caller-ID-Number',
    'Other-Leg-Destination-Number',
    'Other-Leg-Direction',
    'Parking-Slot',
    'Presence-ID',
    'Raw-Application-Data',
    'Raw-Application-Name',
    'Remote-SDP',
    'Replaced-By',
    'Request',
    'Ringing-Seconds',
    'Silence-Terminated',
    'Switch-Hostname',
    'Switch-Nodename',
    'Switch-URI',
    'Switch-URL',
    'Target-Call-ID',
    'Terminator',
    'Timestamp',
    'To',
    'To-Tag',
    'To-Uri',
    'Transfer-Type',
    'Transfer-To',
    'Transfer-History',
    'User-Agent',
  ],
  types: {
    'Custom-Application-Vars': 'object',
    'Custom-Channel-Vars': 'object',
    'Custom-SIP-Headers': 'object',
    'Fax-Info': 'object',
  },
});
