// The CDR of a CHANNEL_DESTROY, as cdr_channel_destroy stores it.
import { encodeDbName, modbName, toGregorian } from '@tollgate/kazoo-db';
import { cdrDocOf } from './cdr-doc';
import { cdrIgnored } from './cdr-rules';

const ACCOUNT = 'a'.repeat(32);
const END = toGregorian(new Date(Date.UTC(2024, 2, 1, 0, 0, 30)));
const FEB_LAST = toGregorian(new Date(Date.UTC(2024, 1, 29, 23, 59, 50)));

const event = {
  'App-Name': 'ecallmgr',
  'App-Version': '4.3.0',
  'Event-Category': 'call_event',
  'Event-Name': 'CHANNEL_DESTROY',
  'Msg-ID': 'm1',
  'Call-ID': 'abc@10.0.0.1',
  'Billing-Seconds': '95',
  'Hangup-Cause': 'NORMAL_CLEARING',
  Timestamp: END,
  'Custom-Channel-Vars': {
    'Account-ID': ACCOUNT,
    'Rate-Name': 'US-1503',
    'E164-Destination': '+15035551234',
    'Is-Conference': 'false',
    'Media-Names': 'a.mp3,b.mp3',
    pvt_secret: 'x',
  },
};

test("Kazoo's CDR: the event normalized, private CCVs on top, E164-Destination leaked, in the MODB of the call under YYYYMM-<call id>", () => {
  const { db, doc } = cdrDocOf(event, ACCOUNT, { node: 'charging@h', now: END + 5, billing: { sell: 221, rate_source: 'exact', billed_seconds: 96 } });
  expect(db).toBe(modbName(ACCOUNT, { year: 2024, month: 3 }));
  expect(doc).toMatchObject({
    _id: '202403-abc@10.0.0.1',
    app_name: 'ecallmgr',
    event_name: 'CHANNEL_DESTROY',
    call_id: 'abc@10.0.0.1',
    billing_seconds: '95',
    hangup_cause: 'NORMAL_CLEARING',
    timestamp: END,
    e164_destination: '+15035551234',
    pvt_secret: 'x',
    custom_channel_vars: { account_id: ACCOUNT, rate_name: 'US-1503', is_conference: 'false', media_names: ['a.mp3', 'b.mp3'] },
    interaction_time: END,
    interaction_key: expect.stringMatching(/^[0-9a-f]{8}$/),
    interaction_id: expect.stringMatching(new RegExp(`^${END}-[0-9a-f]{8}$`)),
    pvt_type: 'cdr',
    pvt_vsn: 2,
    pvt_account_id: ACCOUNT,
    pvt_account_db: encodeDbName(db),
    pvt_created: END,
    pvt_modified: END + 5,
    pvt_node: 'charging@h',
    pvt_tollgate_billing: { sell: 221, rate_source: 'exact', billed_seconds: 96 },
  });
  expect(doc.custom_channel_vars).not.toHaveProperty('e164_destination');
  expect(doc.custom_channel_vars).not.toHaveProperty('pvt_secret');
  // The same event, later: the same doc id and content but pvt_modified.
  expect(cdrDocOf(event, ACCOUNT, { now: END + 500 }).doc.interaction_id).toBe(doc.interaction_id);
});

test("the call's interaction (Call-Interaction-ID) places the CDR, as Kazoo does", () => {
  const interacting = { ...event, 'Custom-Channel-Vars': { ...event['Custom-Channel-Vars'], 'Call-Interaction-ID': `${FEB_LAST}-k3y` } };
  const { db, doc } = cdrDocOf(interacting, ACCOUNT);
  expect(doc).toMatchObject({ _id: '202402-abc@10.0.0.1', interaction_time: FEB_LAST, interaction_key: 'k3y', interaction_id: `${FEB_LAST}-k3y` });
  expect(db).toBe(modbName(ACCOUNT, { year: 2024, month: 2 }));
  expect(doc.custom_channel_vars).not.toHaveProperty('call_interaction_id');
});

test('no CDR for an ignored application or a loopback leg that bowed out', () => {
  const settings = { ignoreApps: ['milliwatt'], ignoreLoopbackBowout: true, storeAnonymous: false };
  expect(cdrIgnored(event, settings)).toBeUndefined();
  expect(cdrIgnored({ ...event, 'Application-Name': 'milliwatt' }, settings)).toBe('ignoring cdr request from milliwatt');
  const bowout = { ...event, 'Channel-Is-Loopback': true, 'Channel-Loopback-Bowout': 'true', 'Channel-Loopback-Bowout-Execute': true };
  expect(cdrIgnored(bowout, settings)).toBe('ignoring cdr request for loopback channel');
  expect(cdrIgnored({ ...bowout, 'Hangup-Cause': 'USER_BUSY', 'Channel-Loopback-Leg': 'B' }, settings)).toBeUndefined();
  expect(cdrIgnored(bowout, { ...settings, ignoreLoopbackBowout: false })).toBeUndefined();
});
