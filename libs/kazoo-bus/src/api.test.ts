import { defineApi, removeEmptyValues } from './api';
import { isBusError } from './bus-error';
import { docBindingKey, docRoutingKey, docUpdate } from './kapi/conf';
import { rateReq, rateResp } from './kapi/rate';
import { encodeRoutingKeyWord } from './routing-key';

const envelope = { 'App-Name': 'ecallmgr', 'App-Version': '4.3.0', Node: 'ecallmgr@fs1', 'Server-ID': 'q-1' };

function buildError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (isBusError(err, 'invalid_message')) return err.message;
    throw err;
  }
  throw new Error('expected build to throw');
}

describe('build (prepare_api_payload + build_message)', () => {
  test('sets Event-Category/Event-Name, Msg-ID (32 hex) and Node when missing', () => {
    const msg = rateReq.build({ 'To-DID': '+14158867900' }, { 'App-Name': 'ecallmgr', 'App-Version': '4.3.0' });
    expect(msg).toMatchObject({ 'Event-Category': 'rate', 'Event-Name': 'req', 'To-DID': '+14158867900' });
    expect(msg['Msg-ID']).toMatch(/^[0-9a-f]{32}$/);
    expect(msg.Node).toMatch(/^tollgate@/);
  });

  test('keeps the given Msg-ID and Node; fields override the envelope', () => {
    const msg = rateReq.build({ 'To-DID': '1', 'Msg-ID': 'm-1', 'App-Name': 'other' }, envelope);
    expect(msg).toMatchObject({ 'Msg-ID': 'm-1', Node: 'ecallmgr@fs1', 'App-Name': 'other', 'Server-ID': 'q-1' });
  });

  test('an empty Msg-ID is replaced', () => {
    expect(rateReq.build({ 'To-DID': '1', 'Msg-ID': '' }, envelope)['Msg-ID']).toMatch(/^[0-9a-f]{32}$/);
  });

  test('drops keys that are not headers of the API (rate_resp has no Rate-ID)', () => {
    const msg = rateResp.build({ Rate: '125', 'Rate-ID': 'US-1', Whatever: 1, 'Call-ID': 'c' }, envelope);
    expect(msg).not.toHaveProperty('Rate-ID');
    expect(msg).not.toHaveProperty('Whatever');
    expect(msg).toMatchObject({ Rate: '125', 'Call-ID': 'c' });
  });

  test('names every missing required header', () => {
    expect(buildError(() => rateReq.build({ 'Account-ID': 'a' }, {}))).toBe(
      'rate.req: missing required headers App-Name, App-Version, To-DID',
    );
  });

  test('refuses a value outside the allowed list', () => {
    expect(buildError(() => rateReq.build({ 'To-DID': '1', Direction: 'sideways' }, envelope))).toBe(
      'rate.req: Direction must be one of inbound, outbound, got "sideways"',
    );
  });

  test('refuses a fixed value that does not match', () => {
    expect(buildError(() => rateReq.build({ 'To-DID': '1', 'Event-Name': 'resp' }, envelope))).toBe(
      'rate.req: Event-Name must be req, got "resp"',
    );
  });

  test('removes undefined and "" recursively but keeps Server-ID, null, arrays and falsy values', () => {
    const msg = docUpdate.build(
      {
        'Event-Name': 'doc_edited',
        ID: 'abc',
        Database: 'ratedeck',
        Rev: undefined,
        Type: '',
        Doc: { name: 'x', empty: '', gone: undefined, nested: { a: '', b: 0 }, list: ['', 1], none: null },
        'Is-Soft-Deleted': false,
      },
      { ...envelope, 'Server-ID': '' },
    );
    expect(msg.Doc).toEqual({ name: 'x', nested: { b: 0 }, list: ['', 1], none: null });
    expect(msg).not.toHaveProperty('Rev');
    expect(msg).not.toHaveProperty('Type');
    expect(msg['Server-ID']).toBe('');
    expect(msg['Is-Soft-Deleted']).toBe(false);
  });

  test('an API without a fixed Event-Name needs one from the caller', () => {
    // Shaped as kz_api:error_resp: Event-Category fixed to "error", Event-Name set by the caller.
    const errorResp = defineApi({
      eventCategory: 'error',
      required: ['Error-Message'],
      optional: ['Request', 'Call-ID', 'Custom-Channel-Vars', 'Disposition', 'Hangup-Cause', 'Hangup-Code'],
    });
    expect(buildError(() => errorResp.build({ 'Error-Message': 'boom' }, envelope))).toBe(
      'error.*: missing required headers Event-Name',
    );
    expect(errorResp.build({ 'Error-Message': 'boom', 'Event-Name': 'rate' }, envelope)['Event-Category']).toBe('error');
  });
});

describe('validate', () => {
  const valid = { ...envelope, 'Event-Category': 'rate', 'Event-Name': 'req', 'Msg-ID': 'm', 'To-DID': '1' };

  test('accepts a complete request and returns it cleaned of unknown and empty keys', () => {
    const result = rateReq.validate({ ...valid, 'From-DID': '', Custom: 'x', Direction: 'inbound' });
    expect(result).toEqual({ ok: true, msg: { ...valid, Direction: 'inbound' } });
  });

  test('requires the default headers', () => {
    const { 'App-Version': _, 'Msg-ID': __, ...partial } = valid;
    expect(rateReq.validate(partial)).toEqual({
      ok: false,
      errors: ['rate.req: missing required headers App-Version, Msg-ID'],
    });
  });

  test('checks values and types, reporting all problems', () => {
    const result = rateReq.validate({ ...valid, 'To-DID': '', Direction: 'up', Options: 'a', 'Send-Empty': 'yes' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      'rate.req: missing required headers To-DID',
      'rate.req: Direction must be one of inbound, outbound, got "up"',
      'rate.req: Options must be a array, got "a"',
      'rate.req: Send-Empty must be a boolean, got "yes"',
    ]);
  });

  test('boolean follows kz_term:is_boolean ("true"/"false" strings pass); integer is strict', () => {
    expect(rateReq.validate({ ...valid, 'Send-Empty': 'true' }).ok).toBe(true);
    const resp = { ...valid, 'Event-Name': 'resp' };
    expect(rateResp.validate({ ...resp, 'Rate-Increment': 60 }).ok).toBe(true);
    expect(rateResp.validate({ ...resp, 'Rate-Increment': '60' }).ok).toBe(false);
    expect(rateResp.validate({ ...resp, 'Rate-Increment': 60.5 }).ok).toBe(false);
  });

  test('a list of required headers means one of them', () => {
    const api = defineApi({ eventCategory: 'c', eventName: 'n', required: [['A', 'B']] });
    const base = { ...envelope, 'Event-Category': 'c', 'Event-Name': 'n', 'Msg-ID': 'm' };
    expect(api.validate({ ...base, B: 1 }).ok).toBe(true);
    expect(api.validate(base)).toEqual({ ok: false, errors: ['c.n: missing required headers one of A|B'] });
  });

  test('refuses what is not an object', () => {
    expect(rateReq.validate('{"To-DID":"1"}').ok).toBe(false);
    expect(rateReq.validate(null).ok).toBe(false);
  });

  test('doc events accept the kapi_conf event names only', () => {
    const doc = { ...envelope, 'Event-Category': 'configuration', 'Msg-ID': 'm', ID: 'x', Database: 'db' };
    expect(docUpdate.validate({ ...doc, 'Event-Name': 'doc_created' }).ok).toBe(true);
    expect(docUpdate.validate({ ...doc, 'Event-Name': 'doc_touched' }).ok).toBe(false);
  });
});

describe('routing keys', () => {
  test('document routing keys as kz_amqp_util:document_routing_key builds them', () => {
    expect(docRoutingKey('created', 'ratedeck', 'rate', 'US-1415')).toBe('doc_created.ratedeck.rate.US-1415');
    expect(docRoutingKey('deleted', 'account%2Fab%2Fcd%2Fef', 'database', 'account%2Fab%2Fcd%2Fef')).toBe(
      'db_deleted.account%2Fab%2Fcd%2Fef.database.account%252Fab%252Fcd%252Fef',
    );
    expect(docRoutingKey('doc_edited', 'services', 'service', 'a.b c')).toBe('doc_edited.services.service.a%2Eb+c');
    expect(docBindingKey()).toBe('#');
    expect(docBindingKey({ type: 'rate' })).toBe('*.*.rate.*');
    expect(docBindingKey({ action: 'edited', db: 'system_config' })).toBe('doc_edited.system_config.*.*');
  });

  test('encodeRoutingKeyWord keeps safe characters and wildcards', () => {
    expect(encodeRoutingKeyWord('abc-XYZ_09~')).toBe('abc-XYZ_09~');
    expect(encodeRoutingKeyWord('*')).toBe('*');
    expect(encodeRoutingKeyWord('é')).toBe('%C3%A9');
  });
});

test('removeEmptyValues leaves the input untouched', () => {
  const input = { a: '', b: { c: undefined } };
  expect(removeEmptyValues(input)).toEqual({ b: {} });
  expect(input).toEqual({ a: '', b: { c: undefined } });
});
