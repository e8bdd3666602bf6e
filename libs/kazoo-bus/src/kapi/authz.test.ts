import { authzReq, authzResp, balanceCheckReq, balanceCheckResp } from './authz';

const envelope = { 'App-Name': 'ecallmgr', 'App-Version': '4.3.0', 'Server-ID': 'q1' };
const req = {
  'Call-ID': 'c1',
  'Call-Direction': 'outbound',
  'Caller-ID-Name': 'Alice',
  'Caller-ID-Number': '+14155550000',
  From: '+14155550000@example.com',
  To: '+15035551234@example.com',
  Request: '+15035551234@example.com',
};

describe('kapi_authz', () => {
  test('authz_req: the switch headers are required; CCVs must be an object', () => {
    expect(authzReq.build(req, envelope)).toMatchObject({ 'Event-Category': 'authz', 'Event-Name': 'authz_req', 'Call-ID': 'c1' });
    const { From: _from, ...noFrom } = req;
    expect(authzReq.validate({ ...envelope, ...noFrom, 'Event-Category': 'authz', 'Event-Name': 'authz_req', 'Msg-ID': 'm' })).toMatchObject({ ok: false });
    expect(authzReq.validate({ ...envelope, ...req, 'Event-Category': 'authz', 'Event-Name': 'authz_req', 'Msg-ID': 'm', 'Custom-Channel-Vars': 'x' })).toMatchObject({ ok: false });
    expect(authzReq.validate({ ...envelope, ...req, 'Event-Category': 'authz', 'Event-Name': 'rate_req', 'Msg-ID': 'm' })).toMatchObject({ ok: false });
  });

  test('authz_resp: Is-Authorized is "true" or "false"; Max-Call-Seconds a whole number', () => {
    expect(authzResp.build({ 'Call-ID': 'c1', 'Is-Authorized': 'true', 'Max-Call-Seconds': 120 }, envelope)).toMatchObject({ 'Event-Name': 'authz_resp', 'Max-Call-Seconds': 120 });
    expect(() => authzResp.build({ 'Call-ID': 'c1', 'Is-Authorized': 'yes' }, envelope)).toThrow(/Is-Authorized/);
    expect(() => authzResp.build({ 'Call-ID': 'c1', 'Is-Authorized': 'true', 'Max-Call-Seconds': 1.5 }, envelope)).toThrow(/Max-Call-Seconds/);
  });

  test('balance_check: Accounts a list of ids, Balances booleans per account', () => {
    expect(balanceCheckReq.build({ Accounts: ['a', 'b'] }, envelope)).toMatchObject({ 'Event-Name': 'balance_check_req' });
    expect(() => balanceCheckReq.build({ Accounts: 'a' }, envelope)).toThrow(/Accounts/);
    expect(balanceCheckResp.build({ Balances: { a: true, b: false } }, envelope)).toMatchObject({ Balances: { a: true, b: false } });
    expect(() => balanceCheckResp.build({ Balances: { a: 'true' } }, envelope)).toThrow(/Balances/);
  });
});
