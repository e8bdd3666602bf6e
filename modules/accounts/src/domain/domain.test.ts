import fc from 'fast-check';
import { accountInput, deepMerge } from './account-input';
import { accountView } from './account-view';
import { billingMode } from './billing-mode';
import { md5Credentials, sha1Credentials } from './credentials';
import { moveRefusal, treeAfterMove } from './move-tree';
import { nearestReseller } from './nearest-reseller';
import { normalizeName } from './normalize-name';
import { randomRealm, removeSpaces } from './realm';

test('names normalise as Kazoo: lower case, alphanumerics only', () => {
  expect(normalizeName('ACME, Inc. #2')).toBe('acmeinc2');
  expect(normalizeName('Ünïcode Ltd')).toBe('ncodeltd');
  expect(normalizeName('!!!')).toBe('');
});

test('random realms are <strength bytes of hex>.<suffix>', () => {
  expect(randomRealm(3, 'sip.example.com', () => Buffer.from([0xae, 0xac, 0x33]))).toBe('aeac33.sip.example.com');
  expect(randomRealm(3, 'sip.2600hz.com')).toMatch(/^[0-9a-f]{6}\.sip\.2600hz\.com$/);
  expect(removeSpaces(' a b.c ')).toBe('ab.c');
});

test('credentials are md5 / sha1 of "username:password" in hex', () => {
  expect(md5Credentials('john@example.com', 'm32c6NfqYEt')).toBe('82a2dc91686ec828a67152d45a5c5ef7');
  expect(sha1Credentials('a', 'b')).toMatch(/^[0-9a-f]{40}$/);
});

test('the nearest reseller is the closest reseller above, else the master', () => {
  const resellers = new Set(['r1', 'r2']);
  expect(nearestReseller(['m', 'r1', 'x', 'r2', 'y'], (id) => resellers.has(id), 'm')).toBe('r2');
  expect(nearestReseller(['m', 'x'], (id) => resellers.has(id), 'm')).toBe('m');
  expect(nearestReseller([], () => false, undefined)).toBeUndefined();
});

test('billing mode follows cb_accounts:leak_billing_mode', () => {
  expect(billingMode('r', 'r', 'm')).toBe('limits_only');
  expect(billingMode('m', 'x', 'm')).toBe('normal');
  expect(billingMode('r', 'x', 'm')).toBe('manual');
});

test('a move is refused for the master, onto itself, or into its own subtree', () => {
  expect(moveRefusal('a', [], 'b', ['m'])).toMatch(/master/);
  expect(moveRefusal('a', ['m'], 'a', ['m'])).toMatch(/itself/);
  expect(moveRefusal('a', ['m'], 'c', ['m', 'a', 'b'])).toMatch(/descendants/);
  expect(moveRefusal('a', ['m'], 'b', ['m'])).toBeUndefined();
});

test('property: a moved tree keeps what is below the account and replaces what is above', () => {
  const id = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 4, maxLength: 4 });
  fc.assert(
    fc.property(fc.array(id, { maxLength: 5 }), fc.array(id, { maxLength: 5 }), fc.array(id, { maxLength: 5 }), (above, below, target) => {
      const tree = [...above, 'ACCT', ...below];
      const moved = treeAfterMove(tree, 'ACCT', target);
      expect(moved).toEqual([...target, 'ACCT', ...below]);
      // Idempotent: moving an already moved tree to the same place changes nothing.
      expect(treeAfterMove(moved, 'ACCT', target)).toEqual(moved);
    }),
  );
});

test('client input keeps public fields only; computed and private keys are dropped', () => {
  const { fields, enabled } = accountInput({ name: 'n', pvt_tree: [], _id: 'x', id: 'y', created: 1, reseller_id: 'r', enabled: false, some_key: 'v' });
  expect(fields).toEqual({ name: 'n', some_key: 'v' });
  expect(enabled).toBe(false);
  expect(deepMerge({ a: { b: 1, c: 2 }, d: 1 }, { a: { b: 3 }, e: [1] })).toEqual({ a: { b: 3, c: 2 }, d: 1, e: [1] });
});

test('the account view shows the leaked private facts under their public names', () => {
  const view = accountView(
    { _id: 'a1', _rev: '1-x', name: 'n', pvt_created: 63621662701, pvt_enabled: false, pvt_api_key: 'k', pvt_superduper_admin: true },
    { resellerId: 'r', isReseller: false, billingMode: 'manual' },
  );
  expect(view).toEqual({
    billing_mode: 'manual',
    created: 63621662701,
    enabled: false,
    id: 'a1',
    is_reseller: false,
    name: 'n',
    reseller_id: 'r',
    superduper_admin: true,
    wnm_allow_additions: false,
  });
});
