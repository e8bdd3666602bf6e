// A CHANNEL_DESTROY as ecallmgr publishes it (kapi_call event), built by hand for the acceptance
// tests that charge calls, and published on `callevt` from a plain amqplib channel as a switch
// does. Defaults: an outbound call to +15035551234, per-minute for the account and its reseller,
// the rate CCVs of $0.0138/min in 6 s increments; `ccvs` overrides or adds channel vars.
import { gregorianNow } from '@tollgate/kazoo-db';
import { randomHex } from '@tollgate/testing';
import type { Channel } from 'amqplib';

export interface DestroyedCall {
  callId: string;
  accountId: string;
  resellerId?: string;
  billingSeconds: number;
  /** Gregorian seconds the call ended (default now). */
  timestamp?: number;
  direction?: 'outbound' | 'inbound';
  /** The other party (outbound: the callee, inbound: the DID called), E.164. */
  number?: string;
  /** The caller, E.164. */
  from?: string;
  ccvs?: Record<string, unknown>;
}

export function channelDestroy(c: DestroyedCall): Record<string, unknown> {
  const number = c.number ?? '+15035551234';
  const from = c.from ?? '+14155550000';
  return {
    'App-Name': 'ecallmgr',
    'App-Version': '4.3.0',
    'Event-Category': 'call_event',
    'Event-Name': 'CHANNEL_DESTROY',
    'Msg-ID': randomHex(8),
    Node: 'ecallmgr@fs1.example.com',
    'Call-ID': c.callId,
    'Call-Direction': c.direction ?? 'outbound',
    'Billing-Seconds': String(c.billingSeconds),
    'Duration-Seconds': String(c.billingSeconds + 6),
    'Ringing-Seconds': '6',
    'Hangup-Cause': 'NORMAL_CLEARING',
    Timestamp: c.timestamp ?? gregorianNow(),
    Request: `${number}@sip.example.com`,
    To: `${number}@sip.example.com`,
    From: `${from}@sip.example.com`,
    'Caller-ID-Number': from,
    'Callee-ID-Number': number,
    'Custom-Channel-Vars': {
      'Account-ID': c.accountId,
      ...(c.resellerId ? { 'Reseller-ID': c.resellerId } : {}),
      'Account-Billing': 'per_minute',
      'Reseller-Billing': 'per_minute',
      Rate: '138',
      'Rate-Increment': '6',
      'Rate-Minimum': '0',
      'Rate-NoCharge-Time': '0',
      Surcharge: '0',
      'Rate-Name': 'US-1503',
      'E164-Destination': number,
      ...c.ccvs,
    },
  };
}

/** kz_amqp_util:encode of the call id in the routing key (`@` and `.` escaped). */
export function channelDestroyRoutingKey(callId: string): string {
  return `call.CHANNEL_DESTROY.${callId.replace(/%/g, '%25').replace(/@/g, '%40').replace(/\./g, '%2E')}`;
}

/** Publishes the event on callevt, persistent, as ecallmgr would. */
export function publishChannelDestroy(channel: Channel, event: Record<string, unknown>): void {
  channel.publish('callevt', channelDestroyRoutingKey(String(event['Call-ID'])), Buffer.from(JSON.stringify(event)), { contentType: 'application/json', persistent: true });
}
