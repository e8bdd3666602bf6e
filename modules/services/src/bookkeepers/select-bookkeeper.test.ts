// The selector reports every bookkeeper call when asked to (services-sync's bookkeeper metrics):
// which bookkeeper, which call, and whether it succeeded; the call's answer or error passes through.
import type { Bookkeeper } from './bookkeeper';
import { BookkeeperSelector } from './select-bookkeeper';

test('each bookkeeper call is observed with its outcome, and answers as the bookkeeper did', async () => {
  const fake: Bookkeeper = {
    type: 'local',
    isGoodStanding: async () => true,
    sync: async () => 'ok',
    transactions: async () => [],
    chargeTransactions: async () => {
      throw new Error('ledger down');
    },
    cancel: async () => undefined,
  };
  const seen: [string, string, boolean][] = [];
  const store = { settings: { current: { masterAccountBookkeeper: 'local', braintree: {} } } };
  const selector = new BookkeeperSelector({ store: store as never, factory: () => fake, observe: (type, call, ok) => seen.push([type, call, ok]) });
  const { bookkeeper } = await selector.forReseller(undefined, 'master');
  expect(await bookkeeper.sync([], 'acct')).toBe('ok');
  await expect(bookkeeper.chargeTransactions('acct', [])).rejects.toThrow('ledger down');
  expect(await bookkeeper.isGoodStanding('acct', 'good_standing')).toBe(true);
  expect(seen).toEqual([
    ['local', 'sync', true],
    ['local', 'charge_transactions', false],
    ['local', 'is_good_standing', true],
  ]);
  // the same bookkeeper (cached) the next time
  expect((await selector.forReseller(undefined, 'master')).bookkeeper).toBe(bookkeeper);
});
