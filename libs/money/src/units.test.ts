import fc from 'fast-check';
import { dollarsToUnits, formatAmount, parseAmount, sumUnits, unitsToDecimal, unitsToDollars } from './units';

test("dollars become units as Kazoo's round(D*10000), exactly", () => {
  expect(dollarsToUnits(0.1)).toBe(1000);
  expect(dollarsToUnits('0.00125')).toBe(13); // 12.5 units rounds half away from zero
  expect(dollarsToUnits('0.000149')).toBe(1);
  expect(dollarsToUnits(1.005)).toBe(10050); // a float multiply would give 10049.999…
  expect(dollarsToUnits('-0.00005')).toBe(-1);
  expect(unitsToDollars(1000)).toBe(0.1);
  expect(unitsToDollars(13)).toBe(0.0013);
});

test('amounts keep the precision they were given', () => {
  expect(formatAmount(parseAmount('0.00125')!)).toBe('0.00125');
  expect(formatAmount(parseAmount(0.000001)!)).toBe('0.000001');
  expect(formatAmount(parseAmount('1e-3')!)).toBe('0.001');
  for (const bad of ['abc', '', '1,5', 'NaN', Number.NaN, Number.POSITIVE_INFINITY, null, {}, '0x10']) expect(parseAmount(bad)).toBeUndefined();
});

test('dollars shown are the number the exact decimal units / 10 000 reads as, for every safe amount', () => {
  const units = fc.oneof(fc.integer({ min: -1e9, max: 1e9 }), fc.maxSafeInteger(), fc.maxSafeInteger().map((n) => -n));
  fc.assert(fc.property(units, (u) => unitsToDollars(u) === unitsToDecimal(u).toNumber()), { numRuns: 20_000 });
  expect(() => unitsToDollars(0.5)).toThrow(TypeError);
});

test('units round-trip through dollars', () => {
  fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), (u) => dollarsToUnits(unitsToDollars(u)) === u));
});

test('a decimal with up to 4 places converts without rounding; more places round once', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: 99 }), (u, extra) => {
      const text = `${(u / 10000).toFixed(4)}${String(extra).padStart(2, '0')}`;
      const expected = u + (extra >= 50 ? 1 : 0);
      return dollarsToUnits(text) === expected;
    }),
  );
});

test('sums refuse non-integers instead of drifting', () => {
  expect(sumUnits([1, 2, 3])).toBe(6);
  expect(() => sumUnits([1, 0.5])).toThrow(/integer/);
});
