import { SchemaValidator } from './schema-validator';

const v = new SchemaValidator({
  t: {
    type: 'object',
    properties: {
      quiet: { type: 'string', maxLength: 3, echoValue: false },
      loud: { type: 'string', maxLength: 3 },
      list: { type: 'array', maxItems: 2, maxItemLength: 3, echoValue: false },
    },
    patternProperties: { '^_': {} },
    additionalProperties: { maxJsonLength: 10 },
    maxAdditionalProperties: 2,
  },
});

test('echoValue: false gives the length of a value that is too long, never the value', () => {
  const res = v.check('t', { quiet: 'abcd', loud: 'abcd', list: ['a', 'b', 'c'] });
  expect(res).toEqual({
    ok: false,
    errors: {
      quiet: { maxLength: { message: 'String must not be more than 3 characters', target: 3, length: 4 } },
      loud: { maxLength: { message: 'String must not be more than 3 characters', target: 3, cause: 'abcd', value: 'abcd' } },
      list: { maxItems: { message: 'The list is more than 2 items', target: 2, length: 3 } },
    },
  });
});

test('maxItemLength names the first item that is too long, on the list', () => {
  expect(v.check('t', { list: ['ok', 'toolong'] })).toEqual({
    ok: false,
    errors: { list: { maxLength: { message: 'String must not be more than 3 characters (item 1)', target: 3, length: 7 } } },
  });
});

test('properties beyond the schema: each bounded as JSON, and their number', () => {
  expect(v.check('t', { note: 'x'.repeat(20) })).toEqual({
    ok: false,
    errors: { note: { maxLength: { message: 'Value must not be more than 10 characters as JSON', target: 10, length: 22 } } },
  });
  const many = v.check('t', { a: 1, b: 2, c: 3, _private: 'not counted', quiet: 'ok' });
  expect(many).toMatchObject({ ok: false, errors: { data: { maxProperties: { target: 2 } } } });
  expect(v.check('t', { a: 1, b: 2, _x: 'y'.repeat(50) })).toMatchObject({ ok: true });
});
