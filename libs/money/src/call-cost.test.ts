import fc from 'fast-check';
import { billedSeconds, type CallRate, callCost } from './call-cost';

const perMinute = (cost: string, extra: Partial<CallRate> = {}): CallRate => ({
  costPerMinute: cost,
  incrementSeconds: 60,
  minimumSeconds: 60,
  noChargeSeconds: 0,
  surcharge: '0',
  ...extra,
});

test("Kazoo's base call cost: a minute at $0.01 plus a $0.50 surcharge is 5100 units (KAZOO-5860)", () => {
  expect(callCost(perMinute('0.01', { surcharge: '0.5' }), 60)).toBe(5100);
  expect(callCost(perMinute('0.01', { surcharge: 0.5 }), 1)).toBe(5100);
});

test('the minimum is billed, then whole increments beyond it', () => {
  const rate = perMinute('0.6', { incrementSeconds: 6, minimumSeconds: 30 });
  expect(callCost(rate, 1)).toBe(3000); // 30 s at $0.60/min = $0.30
  expect(callCost(rate, 30)).toBe(3000);
  expect(callCost(rate, 31)).toBe(3600); // 36 s
  expect(callCost(rate, 36)).toBe(3600);
  expect(callCost(rate, 36.2)).toBe(4200); // a begun increment is billed
});

test('no-charge time and zero seconds cost nothing; increment 0 means 60', () => {
  const rate = perMinute('0.1', { noChargeSeconds: 5, surcharge: '0.05' });
  expect(callCost(rate, 0)).toBe(0);
  expect(callCost(rate, 5)).toBe(0);
  expect(callCost(rate, 6)).toBe(1500);
  expect(callCost(perMinute('0.1', { incrementSeconds: 0, minimumSeconds: 0 }), 61)).toBe(2000);
});

test("a carrier's sub-cent precision is kept until the single rounding", () => {
  // Kazoo rounds $0.00125 to 13 units per minute first: an hour would cost 780 units, not 750.
  const rate = perMinute('0.00125', { incrementSeconds: 1, minimumSeconds: 0 });
  expect(callCost(rate, 3600)).toBe(750);
  expect(callCost(rate, 1)).toBe(0); // 0.208 units
  expect(callCost(rate, 3)).toBe(1); // 0.625 units
  expect(callCost(perMinute('0.003', { incrementSeconds: 1, minimumSeconds: 0 }), 1)).toBe(1); // exactly 0.5 units: half up
});

test('95 s at $0.0138/min in 6 s increments bills 96 s: $0.02208, 221 units (half up, once); Kazoo truncated to 220', () => {
  const rate = perMinute('0.0138', { incrementSeconds: 6, minimumSeconds: 0 });
  expect(billedSeconds(rate, 95)).toBe(96);
  expect(callCost(rate, 95)).toBe(221);
  // The same call on $0.0090/min in 1 s increments: 95 s, $0.01425, 143 units.
  const perSecond = perMinute('0.009', { incrementSeconds: 1, minimumSeconds: 0 });
  expect(billedSeconds(perSecond, 95)).toBe(95);
  expect(callCost(perSecond, 95)).toBe(143);
});

test('a discount is taken off before the one rounding', () => {
  const rate = perMinute('0.0138', { incrementSeconds: 6, minimumSeconds: 0 });
  // $0.02208 less 10 % = $0.019872 = 198.72 units → 199 (Kazoo: 220 - trunc(22.08) = 198).
  expect(callCost(rate, 95, { discountPercent: 10 })).toBe(199);
  expect(callCost(rate, 95, { discountPercent: 100 })).toBe(0);
  expect(() => callCost(rate, 95, { discountPercent: 101 })).toThrow(/discount percentage must be at most 100/);
  expect(() => callCost(rate, 95, { discountPercent: -1 })).toThrow(/discount percentage must be a number >= 0/);
});

test('billed seconds: none within the no-charge time, the minimum, then whole increments', () => {
  const rate = perMinute('0.1', { incrementSeconds: 6, minimumSeconds: 30, noChargeSeconds: 5 });
  expect(billedSeconds(rate, 5)).toBe(0);
  expect(billedSeconds(rate, 6)).toBe(30);
  expect(billedSeconds(rate, 31)).toBe(36);
});

test('bad rates and durations are refused with the value in the message', () => {
  expect(() => callCost(perMinute('-0.1'), 10)).toThrow(/rate cost must be a number >= 0, got "-0.1"/);
  expect(() => callCost(perMinute('abc'), 10)).toThrow(/rate cost/);
  expect(() => callCost(perMinute('0.1', { incrementSeconds: 1.5 }), 10)).toThrow(/rate increment must be a whole number/);
  expect(() => callCost(perMinute('0.1'), -1)).toThrow(/duration/);
  expect(() => callCost(perMinute('0.1'), Number.NaN)).toThrow(/duration/);
});

// The reference: integer micro-dollars and BigInt, billed seconds found by stepping through increments.
const arbRate = fc.record({
  micros: fc.integer({ min: 0, max: 50_000_000 }), // up to $50/min, 6 decimals
  surchargeMicros: fc.integer({ min: 0, max: 5_000_000 }),
  incrementSeconds: fc.integer({ min: 0, max: 120 }),
  minimumSeconds: fc.integer({ min: 0, max: 600 }),
  noChargeSeconds: fc.integer({ min: 0, max: 30 }),
});
type ArbRate = { micros: number; surchargeMicros: number; incrementSeconds: number; minimumSeconds: number; noChargeSeconds: number };

function toRate(r: ArbRate): CallRate {
  return {
    costPerMinute: (r.micros / 1e6).toFixed(6),
    surcharge: (r.surchargeMicros / 1e6).toFixed(6),
    incrementSeconds: r.incrementSeconds,
    minimumSeconds: r.minimumSeconds,
    noChargeSeconds: r.noChargeSeconds,
  };
}

function referenceUnits(r: ArbRate, seconds: number): number {
  if (seconds === 0 || seconds <= r.noChargeSeconds) return 0;
  const inc = r.incrementSeconds || 60;
  let billed = r.minimumSeconds;
  while (billed < seconds) billed += inc;
  // units = (surcharge·60 + cost·billed) · 10 000 / (60 · 10^6), rounded half up
  const num = BigInt(r.surchargeMicros) * 60n + BigInt(r.micros) * BigInt(billed);
  const den = 6000n;
  return Number((2n * num + den) / (2n * den));
}

test('equals an exact integer reference for any rate and duration', () => {
  fc.assert(
    fc.property(arbRate, fc.integer({ min: 0, max: 100_000 }), (r, seconds) => callCost(toRate(r), seconds) === referenceUnits(r, seconds)),
    { numRuns: 2000 },
  );
});

test('a longer call never costs less', () => {
  fc.assert(
    fc.property(arbRate, fc.integer({ min: 0, max: 50_000 }), fc.integer({ min: 0, max: 5_000 }), (r, seconds, more) => {
      const rate = toRate(r);
      return callCost(rate, seconds + more) >= callCost(rate, seconds);
    }),
  );
});

test('a charged call costs at least the surcharge and the minimum, and is rounded once', () => {
  fc.assert(
    fc.property(arbRate, fc.integer({ min: 1, max: 50_000 }), (r, seconds) => {
      fc.pre(seconds > r.noChargeSeconds);
      const cost = callCost(toRate(r), seconds);
      const floorUnits = (r.surchargeMicros * 60 + r.micros * r.minimumSeconds) / 6000;
      return cost >= Math.floor(floorUnits) && Number.isSafeInteger(cost);
    }),
  );
});
