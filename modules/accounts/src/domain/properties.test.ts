import { effectiveCallRestriction, isPstnClassifier } from './call-restriction';
import {
  applyPropertyChanges,
  gatedValue,
  givesGatedProperty,
  MAX_PROPERTY_VALUE_BYTES,
  parsePropertiesPatch,
  permissionNeeded,
  propertiesOf,
  roleAllows,
} from './properties';
import { impersonatorState, newTokenDoc } from './token';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return { code: (err as { code: number }).code, data: (err as { data: unknown }).data };
  }
  return undefined;
};

test('a PATCH body becomes changes; null removes; a gated property must be a boolean', () => {
  expect(parsePropertiesPatch({ color: { value: 'blue' }, gone: null, pstn_access: { value: true, permission: 'admin' } })).toEqual([
    { name: 'color', remove: false, value: 'blue' },
    { name: 'gone', remove: true },
    { name: 'pstn_access', remove: false, value: true, permission: 'admin' },
  ]);
  expect(codeOf(() => parsePropertiesPatch({ pstn_access: { value: 'yes' } }))).toMatchObject({ code: 400, data: { 'pstn_access.value': { type: expect.any(Object) } } });
  expect(codeOf(() => parsePropertiesPatch({ 'bad name!': { value: 1 } }))?.code).toBe(400);
  expect(codeOf(() => parsePropertiesPatch({ ['x'.repeat(65)]: { value: 1 } }))?.code).toBe(400);
  expect(codeOf(() => parsePropertiesPatch({ a: { value: 1, permission: 'god' } }))).toMatchObject({ code: 400, data: { 'a.permission': { enum: expect.any(Object) } } });
  expect(codeOf(() => parsePropertiesPatch({ a: { value: 'x'.repeat(MAX_PROPERTY_VALUE_BYTES) } }))).toMatchObject({ code: 400, data: { 'a.value': { maxLength: expect.any(Object) } } });
  expect(codeOf(() => parsePropertiesPatch({ a: { value: 1, extra: 2 } }))?.code).toBe(400);
  expect(codeOf(() => parsePropertiesPatch({ a: {} }))?.code).toBe(400);
  expect(codeOf(() => parsePropertiesPatch([1]))?.code).toBe(400);
});

test('a change needs the stricter of the old and new permission; removal needs the old one', () => {
  const cur = { value: 1, permission: 'reseller' as const };
  expect(permissionNeeded(undefined, { name: 'a', remove: false, value: 2 })).toBe('customer');
  expect(permissionNeeded(undefined, { name: 'pstn_access', remove: false, value: true })).toBe('reseller');
  expect(permissionNeeded(cur, { name: 'a', remove: false, value: 2 })).toBe('reseller');
  expect(permissionNeeded(cur, { name: 'a', remove: false, permission: 'customer' })).toBe('reseller');
  expect(permissionNeeded(cur, { name: 'a', remove: false, permission: 'admin' })).toBe('admin');
  expect(permissionNeeded(cur, { name: 'a', remove: true })).toBe('reseller');
  expect(roleAllows('customer', 'reseller')).toBe(false);
  expect(roleAllows('reseller', 'reseller')).toBe(true);
  expect(roleAllows('admin', 'admin')).toBe(true);
  expect(roleAllows('none', 'customer')).toBe(false);
});

test('changes apply: permission kept unless named, removal deletes, gated ones default to reseller', () => {
  const next = applyPropertyChanges({ a: { value: 1, permission: 'admin' }, b: { value: 2, permission: 'customer' } }, [
    { name: 'a', remove: false, value: 5 },
    { name: 'b', remove: true },
    { name: 'prepaid_changes', remove: false, value: false },
  ]);
  expect(next).toEqual({ a: { value: 5, permission: 'admin' }, prepaid_changes: { value: false, permission: 'reseller' } });
  expect(propertiesOf({ pvt_properties: next })).toEqual(next);
  expect(propertiesOf({ pvt_properties: { odd: { value: 1, permission: 'weird' }, broken: 3 } })).toEqual({ odd: { value: 1, permission: 'customer' } });
});

test('giving a gated property is setting it true where it was not; absent ones take the default', () => {
  expect(givesGatedProperty(undefined, { name: 'pstn_access', remove: false, value: true })).toBe(true);
  expect(givesGatedProperty({ value: true, permission: 'reseller' }, { name: 'pstn_access', remove: false, value: true })).toBe(false);
  expect(givesGatedProperty(undefined, { name: 'pstn_access', remove: false, value: false })).toBe(false);
  expect(givesGatedProperty(undefined, { name: 'color', remove: false, value: true })).toBe(false);
  expect(gatedValue({}, 'pstn_access', true)).toBe(true);
  expect(gatedValue({ pstn_access: { value: false, permission: 'reseller' } }, 'pstn_access', true)).toBe(false);
});

test('without pstn_access every PSTN classification is denied, emergency and internal ones are not', () => {
  const classifiers = [{ name: 'did_us' }, { name: 'international' }, { name: 'emergency', emergency: true }, { name: 'internal' }, { name: 'toll_us', pstn: false }];
  expect(classifiers.filter(isPstnClassifier).map((c) => c.name)).toEqual(['did_us', 'international']);
  const stored = { did_us: { action: 'allow' }, emergency: { action: 'allow' }, junk: 5 };
  expect(effectiveCallRestriction(stored, classifiers, true)).toEqual({ did_us: { action: 'allow' }, emergency: { action: 'allow' } });
  expect(effectiveCallRestriction(stored, classifiers, false)).toEqual({ did_us: { action: 'deny' }, international: { action: 'deny' }, emergency: { action: 'allow' } });
});

test('an impersonation token records the impersonator and dies with its user or account', () => {
  const doc = newTokenDoc({ accountId: 'a'.repeat(32), ownerId: 'u', method: 'cb_user_auth', original: { accountId: 'b'.repeat(32), ownerId: 'boss' } }, 0, 100, 1000, 2);
  expect(doc).toMatchObject({ original_account_id: 'b'.repeat(32), original_owner_id: 'boss', pvt_original_token_generation: 2 });
  expect(impersonatorState(doc, [{}], { pvt_token_generation: 2 })).toBe('live');
  expect(impersonatorState(doc, [{}], { pvt_token_generation: 3 })).toBe('ended');
  expect(impersonatorState(doc, [{}], { enabled: false })).toBe('refused');
  expect(impersonatorState(doc, undefined, {})).toBe('refused');
  expect(impersonatorState(doc, [{ pvt_tokens_revoked_at: 5000 }], { pvt_token_generation: 2 })).toBe('ended');
  const plain = newTokenDoc({ accountId: 'a'.repeat(32), ownerId: 'u', method: 'cb_user_auth' }, 0, 100, 1000);
  expect(plain).not.toHaveProperty('original_account_id');
  expect(impersonatorState(plain, undefined, undefined)).toBe('live');
});
