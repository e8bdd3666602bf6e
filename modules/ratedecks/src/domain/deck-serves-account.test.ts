import type { AccountRatedeck } from './choose-ratedeck';
import { deckServesAccount } from './deck-serves-account';

// master → A (reseller) → A2 (reseller) → c;  master → B (reseller) → cb
const tree: Record<string, AccountRatedeck> = {
  master: { resellerId: 'master' },
  A: { resellerId: 'master' },
  A2: { resellerId: 'A' },
  c: { resellerId: 'A2' },
  B: { resellerId: 'master' },
  cb: { resellerId: 'B', ratedeckId: 'a-retail' },
};
const servicesOf = (id: string) => tree[id];

test("a reseller's deck rates the reseller and every account below it", () => {
  for (const account of ['A', 'A2', 'c']) expect(deckServesAccount('A', account, servicesOf)).toBe(true);
  expect(deckServesAccount('master', 'cb', servicesOf)).toBe(true);
});

test('it does not rate accounts of another branch, even when their plan names it', () => {
  for (const account of ['B', 'cb', 'master']) expect(deckServesAccount('A', account, servicesOf)).toBe(false);
  expect(deckServesAccount('A2', 'A', servicesOf)).toBe(false);
  expect(deckServesAccount('A', 'unknown', servicesOf)).toBe(false);
});

test('a system deck (no owner) and a request without an account are not restricted', () => {
  expect(deckServesAccount(undefined, 'cb', servicesOf)).toBe(true);
  expect(deckServesAccount('A', undefined, servicesOf)).toBe(true);
});
