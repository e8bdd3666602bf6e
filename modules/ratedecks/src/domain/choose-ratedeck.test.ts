import { type AccountRatedeck, chooseRatedeck } from './choose-ratedeck';

const services: Record<string, AccountRatedeck> = {
  master: { resellerId: 'master' },
  reseller: { resellerId: 'master', ratedeckId: 'bulk', ratedeckName: 'bulk' },
  customer: { resellerId: 'reseller' },
  vip: { resellerId: 'reseller', ratedeckId: 'ratedeck/gold', ratedeckName: 'gold' },
  outsider: { resellerId: 'master' },
};
const lookup = (id: string) => services[id];

test('the account, then its reseller, then the default deck (the seed)', () => {
  expect(chooseRatedeck({ accountId: 'reseller' }, lookup, 'ratedeck')).toMatchObject({ ratedeckId: 'bulk', reason: 'account' });
  expect(chooseRatedeck({ accountId: 'customer' }, lookup, 'ratedeck')).toMatchObject({ ratedeckId: 'bulk', reason: 'reseller', resellerId: 'reseller' });
  expect(chooseRatedeck({ accountId: 'vip' }, lookup, 'ratedeck')).toMatchObject({ ratedeckId: 'gold', reason: 'account' });
  expect(chooseRatedeck({ accountId: 'outsider' }, lookup, 'ratedeck')).toMatchObject({ ratedeckId: 'ratedeck', reason: 'default' });
  expect(chooseRatedeck({ accountId: 'master' }, lookup, 'ratedeck').because).toMatch(/its own reseller/);
  expect(chooseRatedeck({ accountId: 'unknown' }, lookup, 'ratedeck').reason).toBe('default');
});

test('Ratedeck-ID is used only without an account (Kazoo rule)', () => {
  expect(chooseRatedeck({ ratedeckId: 'bulk' }, lookup, 'ratedeck')).toMatchObject({ ratedeckId: 'bulk', reason: 'requested' });
  expect(chooseRatedeck({ accountId: 'outsider', ratedeckId: 'bulk' }, lookup, 'ratedeck').ratedeckId).toBe('ratedeck');
  expect(chooseRatedeck({}, lookup, 'ratedeck/cheap')).toMatchObject({ ratedeckId: 'cheap', reason: 'default' });
});
