import fc from 'fast-check';
import { isKazooError } from '@tollgate/errors';
import { SchemaValidator, validateDoc } from './schema-validator';

test('a valid account gets the schema defaults Kazoo shows (objects {}, language, enabled)', () => {
  const doc = validateDoc('accounts', { name: 'child account' });
  expect(doc).toEqual({
    name: 'child account',
    call_restriction: {},
    caller_id: {},
    dial_plan: {},
    enabled: true,
    language: 'en-us',
    music_on_hold: {},
    preflow: {},
    ringtones: {},
  });
});

test('the input is never changed', () => {
  const input = { name: 'x' };
  validateDoc('accounts', input);
  expect(input).toEqual({ name: 'x' });
});

test('a missing name is Kazoo "required"; errors of several fields come together', () => {
  try {
    validateDoc('accounts', { realm: 'ab', timezone: 7, caller_id: { external: { name: 'n'.repeat(36) } } });
    throw new Error('should have failed');
  } catch (err) {
    if (!isKazooError(err)) throw err;
    expect(err.code).toBe(400);
    expect(err.message).toBe('validation error');
    expect(err.data).toEqual({
      name: { required: { message: 'Field is required but missing' } },
      realm: { minLength: { message: 'String must be at least 4 characters', target: 4, cause: 'ab', value: 'ab' } },
      timezone: { type: { message: 'Value did not match type(s): string', target: 'string', value: 7 } },
      'caller_id.external.name': {
        maxLength: { message: 'String must not be more than 35 characters', target: 35, cause: 'n'.repeat(36), value: 'n'.repeat(36) },
      },
    });
  }
});

test('over-long names and enum violations name the rule and the limit', () => {
  const v = new SchemaValidator();
  const long = v.check('accounts', { name: 'a'.repeat(129) });
  expect(long.ok).toBe(false);
  if (!long.ok) expect(long.errors.name.maxLength.target).toBe(128);
  const level = v.check('users', { first_name: 'a', last_name: 'b', priv_level: 'root' });
  expect(level.ok).toBe(false);
  if (!level.ok) expect(level.errors.priv_level.enum).toEqual({ message: 'Value not found in enumerated list of values', target: ['user', 'admin'], value: 'root' });
});

test('keys containing dots are escaped as %2E, as Kazoo does', () => {
  const v = new SchemaValidator({ t: { type: 'object', properties: { 'a.b': { type: 'integer' } } } });
  const res = v.check('t', { 'a.b': 'x' });
  expect(res.ok).toBe(false);
  if (!res.ok) expect(Object.keys(res.errors)).toEqual(['a%2Eb']);
});

test('a body that is not an object is a type error on data', () => {
  const res = new SchemaValidator().check('accounts', ['x']);
  expect(res.ok).toBe(false);
});

test('property: any string name of 1..128 characters is accepted, longer ones are not', () => {
  const v = new SchemaValidator();
  fc.assert(
    fc.property(fc.string({ minLength: 1, maxLength: 200 }), (name) => {
      const res = v.check('accounts', { name });
      return res.ok === name.length <= 128;
    }),
  );
});

test('a key refused by propertyNames is reported under its own path; errorMessage gives the message; values can be left out', () => {
  const v = new SchemaValidator({
    tiers: {
      type: 'object',
      properties: {
        rates: { type: 'object', propertyNames: { pattern: '^[0-9]+$', errorMessage: 'Tier keys must be digits' }, additionalProperties: { type: 'number', minimum: 0 } },
      },
    },
  });
  const res = v.check('tiers', { rates: { 'ten.5': 1, '5': -1 } }, { values: false });
  expect(res).toEqual({
    ok: false,
    errors: {
      'rates.ten%2E5': { pattern: { message: 'Tier keys must be digits' } },
      'rates.5': { minimum: { message: 'Value must be at least 0', target: 0 } },
    },
  });
  expect(v.check('tiers', { rates: { '5': -1 } })).toMatchObject({ ok: false, errors: { 'rates.5': { minimum: { value: -1 } } } });
});
