import { isRatedeckAdmin, ratedeckWriteProblem } from './ratedeck-access';

const a = 'a'.repeat(32);
const b = 'b'.repeat(32);

test('only an admin login of the superduper_admin account is a ratedeck admin', () => {
  expect(isRatedeckAdmin({ isSuperduperAdmin: true, privLevel: 'admin' })).toBe(true);
  expect(isRatedeckAdmin({ isSuperduperAdmin: true, privLevel: 'user' })).toBe(false);
  expect(isRatedeckAdmin({ isSuperduperAdmin: false, privLevel: 'admin' })).toBe(false);
});

test('a reseller writes into its own or an unclaimed deck, never a system deck or another reseller deck', () => {
  expect(ratedeckWriteProblem('mine', { kind: 'owned', accountId: a }, a)).toBeUndefined();
  expect(ratedeckWriteProblem('new', { kind: 'unclaimed' }, a)).toBeUndefined();
  expect(ratedeckWriteProblem('theirs', { kind: 'owned', accountId: b }, a)).toBe('ratedeck theirs belongs to another account: a reseller writes only to its own ratedecks');
  expect(ratedeckWriteProblem('ratedeck', { kind: 'system' }, a)).toMatch(/^ratedeck ratedeck is a system ratedeck: only an admin of the superduper_admin account writes to it/);
});
