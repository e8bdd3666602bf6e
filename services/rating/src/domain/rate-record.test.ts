import { formatAmount, parseAmount } from '@tollgate/money';
import fc from 'fast-check';
import { canonicalPrefix, decimalText, parseRateDoc } from './rate-record';

test('decimal fields keep the exact decimal, whatever form it was stored in', () => {
  expect(['0.00125', 0.00125, '0.10', '1e-3', 1e-7, 0, '0', 2.5, '  3 '].map(decimalText)).toEqual([
    '0.00125',
    '0.00125',
    '0.1',
    '0.001',
    '0.0000001',
    '0',
    '0',
    '2.5',
    '3',
  ]);
  for (const bad of [-0.1, '-1', 'abc', '', null, Number.NaN, Number.POSITIVE_INFINITY, {}]) expect(decimalText(bad)).toBeUndefined();
});

test('the fast path agrees with decimal.js for any number or numeric text', () => {
  const viaDecimal = (v: unknown) => {
    const d = parseAmount(v);
    return d && !d.isNegative() ? formatAmount(d) : undefined;
  };
  fc.assert(fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), (n) => decimalText(n) === viaDecimal(n)));
  fc.assert(fc.property(fc.stringMatching(/^[0-9]{1,4}(\.[0-9]{0,7})?$/), (t) => decimalText(t) === viaDecimal(t)));
});

test('prefixes are integers as Kazoo keeps them', () => {
  expect(['1503', 1503, '01503', ' 44 ', '0', 0].map(canonicalPrefix)).toEqual(['1503', '1503', '1503', '44', '0', '0']);
  for (const bad of ['15a', -1, 1.5, '1'.repeat(16), '', null]) expect(canonicalPrefix(bad)).toBeUndefined();
});

test('only live rate docs are rates', () => {
  expect(parseRateDoc({ _id: 'XX-1', pvt_type: 'rate', prefix: 1 }).ok).toBe(true);
  expect(parseRateDoc({ _id: 'XX-1', pvt_type: 'rate', prefix: 1, pvt_deleted: true })).toEqual({ ok: false, reason: 'soft-deleted' });
  expect(parseRateDoc({ _id: '_design/rates', language: 'javascript' }).ok).toBe(false);
  expect(parseRateDoc({ _id: 'XX-x', pvt_type: 'rate', prefix: 'x' })).toMatchObject({ ok: false, reason: expect.stringMatching(/prefix must be digits/) });
});
