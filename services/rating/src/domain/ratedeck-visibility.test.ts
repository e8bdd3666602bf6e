import type { DeckChoice } from './choose-ratedeck';
import { ratedeckVisibilityProblem } from './ratedeck-visibility';

const caller = 'c'.repeat(32);
const reseller = 'r'.repeat(32);
const other = 'o'.repeat(32);
const chain = (ratedeckId: string): DeckChoice => ({ ratedeckId, reason: 'reseller', because: '' });

test('the default deck and the deck the caller is rated with are visible', () => {
  expect(ratedeckVisibilityProblem({ requested: 'ratedeck', callerAccountId: caller, callerDeck: chain('bulk'), defaultDeck: 'ratedeck' })).toBeUndefined();
  expect(ratedeckVisibilityProblem({ requested: 'bulk', callerAccountId: caller, callerDeck: chain('bulk'), defaultDeck: 'ratedeck' })).toBeUndefined();
});

test('a deck owned by the caller or by an account below it is visible; one owned elsewhere or by nobody is not', () => {
  const base = { requested: 'private', callerAccountId: caller, callerDeck: chain('ratedeck'), defaultDeck: 'ratedeck' };
  expect(ratedeckVisibilityProblem({ ...base, owner: { accountId: caller, tree: [reseller] } })).toBeUndefined();
  expect(ratedeckVisibilityProblem({ ...base, owner: { accountId: other, tree: [reseller, caller] } })).toBeUndefined();
  expect(ratedeckVisibilityProblem({ ...base, owner: { accountId: reseller, tree: [] } })).toMatch(/^ratedeck private is not one account c+ may rate with/);
  expect(ratedeckVisibilityProblem({ ...base, owner: { accountId: other, tree: [reseller] } })).toBeDefined();
  expect(ratedeckVisibilityProblem(base)).toBeDefined();
});
