import { defineApi } from '../api';

/**
 * kz_api:error_resp. Event-Category is fixed to "error"; Event-Name is not, so callers set it
 * (Kazoo usually repeats the failed request's name). Sent to the requester's Server-ID.
 */
export const errorResp = defineApi({
  eventCategory: 'error',
  required: ['Error-Message'],
  optional: ['Request', 'Call-ID', 'Custom-Channel-Vars', 'Disposition', 'Hangup-Cause', 'Hangup-Code'],
});
