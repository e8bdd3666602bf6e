import fc from 'fast-check';
import { withPublicFields } from './account-doc';
import { accountInput, deepMerge } from './account-input';
import { accountView } from './account-view';
import { billingMode } from './billing-mode';
import { md5Credentials, sha1Credentials } from './credentials';
import { moveRefusal, treeAfterMove } from './move-tree';
import { nearestReseller } from './nearest-reseller';
import { normalizeName } from './normalize-name';
import { randomRealm, removeSpaces } from './realm';
import { isExpired, isTokenShaped, type TokenDoc, tokenState } from './token';
import { credentialHashes, updatedUser, userInput } from './user';

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

test('a POST or PATCH keeps the private fields, follows the name, and applies enabled only when given', () => {
  const cur = { _id: 'a', _rev: '1-x', name: 'Old', extra: 1, pvt_tree: ['m'], pvt_enabled: true, pvt_alphanum_name: 'old' };
  expect(withPublicFields(cur, { name: 'New Co' }, undefined)).toEqual({ _id: 'a', _rev: '1-x', name: 'New Co', pvt_tree: ['m'], pvt_enabled: true, pvt_alphanum_name: 'newco' });
  const disabled = withPublicFields(cur, { name: 'New Co' }, false);
  expect(disabled).toMatchObject({ pvt_enabled: false, pvt_tokens_revoked_at: expect.any(Number) });
  // Enabled as it already was: no token ends.
  expect(withPublicFields(cur, {}, true)).not.toHaveProperty('pvt_tokens_revoked_at');
});

test('user input: username lower-cased, password apart, hashes set, removed or kept; a password change starts a new generation', () => {
  expect(userInput({ username: ' Jane ', password: 'pw', pvt_md5_auth: 'x', id: 'u' })).toEqual({ fields: { username: 'jane' }, password: 'pw' });
  expect(credentialHashes('jane', 'pw')).toEqual({ pvt_md5_auth: md5Credentials('jane', 'pw'), pvt_sha1_auth: sha1Credentials('jane', 'pw') });
  expect(credentialHashes('jane', undefined)).toBeUndefined();
  expect(credentialHashes(undefined, 'pw')).toBeNull();
  const cur = { _id: 'u', _rev: '2-x', username: 'jane', pvt_md5_auth: 'm', pvt_sha1_auth: 's', pvt_token_generation: 2, first_name: 'J' };
  expect(updatedUser(cur, { first_name: 'Jo' }, undefined, false)).toEqual({ _id: 'u', first_name: 'Jo', pvt_md5_auth: 'm', pvt_sha1_auth: 's', pvt_token_generation: 2 });
  expect(updatedUser(cur, { username: 'jane' }, credentialHashes('jane', 'new'), true)).toMatchObject({ pvt_md5_auth: md5Credentials('jane', 'new'), pvt_token_generation: 3 });
  expect(updatedUser(cur, {}, null, true)).not.toHaveProperty('pvt_md5_auth');
  expect(updatedUser(cur, { enabled: false }, undefined, false).pvt_token_generation).toBe(3);
});

test('a token is live until its account changed, its key was regenerated, its user was disabled or moved on', () => {
  const token: TokenDoc = { _id: 't', account_id: 'a', owner_id: 'u', method: 'cb_user_auth', pvt_token_generation: 1, pvt_issued_ms: 1000, pvt_created: 100 };
  expect(tokenState(token, {}, [{}], { pvt_token_generation: 1 })).toBe('live');
  expect(tokenState(token, {}, [{ pvt_tokens_revoked_at: 1000 }], { pvt_token_generation: 1 })).toBe('ended');
  expect(tokenState(token, {}, [{ pvt_tokens_revoked_at: 999 }], { pvt_token_generation: 1 })).toBe('live');
  expect(tokenState(token, {}, [{}], { pvt_token_generation: 2 })).toBe('ended');
  expect(tokenState(token, {}, [{}], { pvt_token_generation: 1, enabled: false })).toBe('refused');
  expect(tokenState(token, {}, [{}], undefined)).toBe('refused');
  const api: TokenDoc = { _id: 't2', account_id: 'a', method: 'cb_api_auth', api_key: 'k1', pvt_created: 100 };
  expect(tokenState(api, { pvt_api_key: 'k1' }, [{}], undefined)).toBe('live');
  expect(tokenState(api, { pvt_api_key: 'k2' }, [{}], undefined)).toBe('refused');
  expect(isExpired(token, 3600, 100 + 3599)).toBe(false);
  expect(isExpired(token, 3600, 100 + 3600)).toBe(true);
  expect(isTokenShaped('f'.repeat(64))).toBe(true);
  expect(isTokenShaped('../../etc')).toBe(false);
  expect(isTokenShaped('_design/x')).toBe(false);
});
