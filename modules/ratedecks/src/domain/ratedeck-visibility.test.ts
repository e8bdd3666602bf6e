import { ratedeckVisibilityProblem } from './ratedeck-visibility';

const caller = 'c'.repeat(32);
const reseller = 'r'.repeat(32);
const other = 'o'.repeat(32);

test('the default deck and the deck the caller is rated with are visible', () => {
  expect(ratedeckVisibilityProblem({ requested: 'ratedeck', callerAccountId: caller, callerDeckId: 'bulk', defaultDeck: 'ratedeck' })).toBeUndefined();
  expect(ratedeckVisibilityProblem({ requested: 'bulk', callerAccountId: caller, callerDeckId: 'bulk', defaultDeck: 'ratedeck' })).toBeUndefined();
});

test('a deck owned by the caller or by an account below it is visible; one owned elsewhere or by nobody is not', () => {
  const base = { requested: 'private', callerAccountId: caller, callerDeckId: 'ratedeck', defaultDeck: 'ratedeck' };
  expect(ratedeckVisibilityProblem({ ...base, owner: { accountId: caller, tree: [reseller] } })).toBeUndefined();
  expect(ratedeckVisibilityProblem({ ...base, owner: { accountId: other, tree: [reseller, caller] } })).toBeUndefined();
  expect(ratedeckVisibilityProblem({ ...base, owner: { accountId: reseller, tree: [] } })).toMatch(/^ratedeck private is not one account c+ may rate with/);
  expect(ratedeckVisibilityProblem({ ...base, owner: { accountId: other, tree: [reseller] } })).toBeDefined();
  expect(ratedeckVisibilityProblem(base)).toBeDefined();
});

test("the caller's own deck is not visible when it does not serve the caller (another reseller's deck in its plan)", () => {
  expect(ratedeckVisibilityProblem({ requested: 'a-retail', callerAccountId: caller, defaultDeck: 'ratedeck', owner: { accountId: other, tree: [] } })).toBeDefined();
});
