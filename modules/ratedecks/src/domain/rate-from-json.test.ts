import { rateFromJson } from './rate-from-json';

test('PUT body with prefix and rate_cost gets Kazoo defaults', () => {
  expect(rateFromJson({ prefix: 1503, rate_cost: 0.00125, routes: [] })).toEqual({
    ok: true,
    rate: { _id: 'XX-1503', pvt_type: 'rate', prefix: 1503, rate_cost: 0.00125, rate_name: '1503', weight: 40, routes: ['^\\+1503(\\d*)$'] },
  });
});

test('schema errors come back per field in Kazoo shape', () => {
  expect(rateFromJson({ rate_cost: -1, direction: 'up' })).toEqual({
    ok: false,
    errors: {
      prefix: { required: { message: 'Field is required but missing' } },
      rate_cost: { minimum: { message: 'Value must be at least 0', target: 0, value: -1 } },
      direction: { enum: { message: 'Value not found in enumerated list of values', target: ['inbound', 'outbound'], value: 'up' } },
    },
  });
  expect(rateFromJson({ prefix: '1', rate_cost: 1 })).toMatchObject({ ok: false, errors: { prefix: { type: { target: 'integer' } } } });
});

test('the URL id wins and unknown public fields are kept', () => {
  expect(rateFromJson({ prefix: 1, rate_cost: 1, note: 'x', pvt_evil: true }, 'my-rate')).toMatchObject({ ok: true, rate: { _id: 'my-rate', note: 'x' } });
  const r = rateFromJson({ prefix: 1, rate_cost: 1, pvt_evil: true });
  expect(r.ok && 'pvt_evil' in r.rate).toBe(false);
});
