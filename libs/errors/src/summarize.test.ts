import { errors } from './index';
import { summarizeKazooError } from './summarize';

test('a validation error names each field, rule and message', () => {
  const err = errors.validation({ rate_cost: { required: { message: 'the CSV has no rate_cost column' } }, prefix: { minLength: { message: 'empty prefix (row 3)' } } });
  expect(summarizeKazooError(err)).toBe('validation error: rate_cost: required: the CSV has no rate_cost column; prefix: minLength: empty prefix (row 3)');
});

test('a message-and-cause error reads as one sentence', () => {
  expect(summarizeKazooError(errors.badIdentifier('abc'))).toBe('bad identifier (abc)');
  expect(summarizeKazooError(errors.forbidden('only a superduper_admin may do this'))).toBe('forbidden: only a superduper_admin may do this');
  expect(summarizeKazooError(errors.badIdentifierList('t1'))).toBe('bad identifier: t1');
});

test("kz_tasks' input errors list what is missing", () => {
  const err = errors.badRequest('bad request', { missing_mandatory_fields: ['rate_cost'], missing_mandatory_values: ['1,', ',0.3'] });
  expect(summarizeKazooError(err)).toBe('bad request: missing mandatory fields: "rate_cost"; missing mandatory values: "1,", ",0.3"');
});
