// kapi_rate (core/kazoo_amqp/src/api/kapi_rate.erl): rate_req on callmgr `rate.req`, answered on
// `targeted` and optionally broadcast on callmgr `rate.resp.broadcast`.
import { defineApi } from '../api';

export const RATE_REQ_ROUTING_KEY = 'rate.req';
export const RATE_RESP_BROADCAST_ROUTING_KEY = 'rate.resp.broadcast';

export const rateReq = defineApi({
  eventCategory: 'rate',
  eventName: 'req',
  required: ['To-DID'],
  optional: [
    'Account-ID',
    'Call-ID',
    'Direction',
    'From-DID',
    'Options',
    'Outbound-Flags',
    'Ratedeck-ID',
    'Resource-ID',
    'Resource-Type',
    'Send-Empty',
    'Authorizing-Type',
  ],
  values: {
    Direction: ['inbound', 'outbound'],
    'Resource-Type': ['audio', 'video', 'sms'],
  },
  types: { Options: 'array', 'Send-Empty': 'boolean' },
});

export const rateResp = defineApi({
  eventCategory: 'rate',
  eventName: 'resp',
  optional: [
    'Base-Cost',
    'Call-ID',
    'Discount-Percentage',
    'Prefix',
    'Pvt-Cost',
    'Rate',
    'Rate-Description',
    'Rate-Increment',
    'Rate-Minimum',
    'Rate-Name',
    'Rate-NoCharge-Time',
    'Rate-Version',
    'Ratedeck-ID',
    'Surcharge',
    'Update-Callee-ID',
  ],
  types: { 'Rate-Increment': 'integer', 'Rate-NoCharge-Time': 'integer', 'Update-Callee-ID': 'boolean' },
});
