// The consumption rules (pure): which allotment a call uses, its cycle, what it consumes and what
// is left to charge.
import { toGregorian } from '@tollgate/kazoo-db';
import { allotmentOf, allotmentsOf, consume, cycleOf, findAllotment, packageAllotment, roundedConsumption } from './allotments';
import { allotmentsProblems } from './save-allotments';

const g = (iso: string) => toGregorian(new Date(iso));

test("a package's free minutes: each call rounded up to whole minutes (3 min 11 s counts 4), the rest charged", () => {
  const a = packageAllotment(10)!;
  expect(a).toMatchObject({ key: 'package', amount: 600, increment: 60, minimum: 60, cycle: 'monthly', anyDestination: true });
  expect(roundedConsumption(a, 191)).toBe(240);
  expect(consume(a, 191, 600)).toEqual({ consumed: 240, covered: 191, remainder: 0 });
  expect(consume(a, 191, 360)).toEqual({ consumed: 240, covered: 191, remainder: 0 });
  // 2 minutes left of a 3 minute call: the 2 are consumed and cover 120 s; 60 s are charged.
  expect(consume(a, 180, 120)).toEqual({ consumed: 120, covered: 120, remainder: 60 });
  expect(consume(a, 180, 0)).toEqual({ consumed: 0, covered: 0, remainder: 180 });
  expect(consume(a, 5, 600)).toEqual({ consumed: 60, covered: 5, remainder: 0 });
  expect(packageAllotment(0)).toBeUndefined();
});

test("Kazoo's examples: increment 10, minimum 60, no_consume_time 5", () => {
  const a = allotmentOf('outbound_local', { increment: 10, minimum: 60, no_consume_time: 5, amount: 3600 })!;
  expect([69, 75, 5, 6, 40].map((s) => roundedConsumption(a, s))).toEqual([70, 80, 0, 60, 60]);
  // Kazoo's defaults: increment 1, minimum 0, monthly.
  expect(allotmentOf('x', {})).toMatchObject({ amount: 0, increment: 1, minimum: 0, noConsumeTime: 0, cycle: 'monthly', groupConsume: [] });
});

test('which allotment a call uses: direction_classification, classification, longest prefix, any destination (the package last)', () => {
  const all = allotmentsOf({
    outbound_national: { amount: 60 },
    national: { amount: 120 },
    uk: { amount: 10, prefixes: ['44'] },
    london: { amount: 10, prefixes: ['4420'], direction: 'outbound' },
    package: { amount: 600, any_destination: true },
    everything: { amount: 5, any_destination: true, direction: 'inbound' },
  });
  const key = (call: Parameters<typeof findAllotment>[1]) => findAllotment(all, call)?.key;
  expect(key({ direction: 'outbound', classification: 'national', number: '+15035551234' })).toBe('outbound_national');
  expect(key({ direction: 'inbound', classification: 'national', number: '+15035551234' })).toBe('national');
  expect(key({ direction: 'outbound', classification: 'international', number: '+442071234567' })).toBe('london');
  expect(key({ direction: 'inbound', classification: 'international', number: '+442071234567' })).toBe('uk');
  expect(key({ direction: 'inbound', classification: 'international', number: '+33123456789' })).toBe('everything');
  expect(key({ direction: 'outbound', classification: 'international', number: '+33123456789' })).toBe('package');
  expect(findAllotment(allotmentsOf({ national: { amount: 1 } }), { direction: 'outbound', classification: 'tollfree_us', number: '+18005551234' })).toBeUndefined();
});

test("an allotment by country matches calls priced at a rate of that country, after prefixes and before any destination", () => {
  const all = allotmentsOf({
    north_america: { amount: 600, countries: ['CA', 'US'] },
    london: { amount: 10, prefixes: ['4420'] },
    package: { amount: 60, any_destination: true },
  });
  const key = (call: Parameters<typeof findAllotment>[1]) => findAllotment(all, call)?.key;
  expect(key({ direction: 'outbound', classification: 'did_us', number: '+15035551234', country: 'US' })).toBe('north_america');
  expect(key({ direction: 'outbound', classification: 'international', number: '+442071234567', country: 'GB' })).toBe('london');
  expect(key({ direction: 'outbound', classification: 'international', number: '+33123456789', country: 'FR' })).toBe('package');
  // a rate without a country never matches by country
  expect(key({ direction: 'outbound', classification: 'did_us', number: '+15035551234' })).toBe('package');
});

test('cycles are UTC calendar periods of the moment the call ended', () => {
  expect(cycleOf('monthly', g('2024-02-29T23:59:59Z'))).toEqual({ start: g('2024-02-01T00:00:00Z'), end: g('2024-03-01T00:00:00Z') });
  // 2024-03-06 is a Wednesday: the week starts Monday the 4th.
  expect(cycleOf('weekly', g('2024-03-06T12:00:00Z'))).toEqual({ start: g('2024-03-04T00:00:00Z'), end: g('2024-03-11T00:00:00Z') });
  expect(cycleOf('daily', g('2024-03-06T12:00:00Z'))).toEqual({ start: g('2024-03-06T00:00:00Z'), end: g('2024-03-07T00:00:00Z') });
  expect(cycleOf('hourly', g('2024-03-06T12:34:56Z'))).toEqual({ start: g('2024-03-06T12:00:00Z'), end: g('2024-03-06T13:00:00Z') });
  expect(cycleOf('minutely', g('2024-03-06T12:34:56Z'))).toEqual({ start: g('2024-03-06T12:34:00Z'), end: g('2024-03-06T12:35:00Z') });
});

test('a bad allotments body is described field by field', () => {
  expect(allotmentsProblems({ ok: { amount: 60 } })).toEqual({});
  expect(Object.keys(allotmentsProblems({ 'bad key': {}, a: { amount: 1.5, cycle: 'yearly', increment: 0, prefixes: ['012'], colour: 'red' } })).sort()).toEqual([
    'a.amount',
    'a.colour',
    'a.cycle',
    'a.increment',
    'a.prefixes',
    'bad key',
  ]);
  expect(Object.keys(allotmentsProblems([]))).toEqual(['allotments']);
  expect(allotmentsProblems({ na: { amount: 60, countries: ['CA', 'US'] } })).toEqual({});
  expect(Object.keys(allotmentsProblems({ a: { countries: ['ZZ'] }, b: { countries: [] }, c: { countries: ['CA'], prefixes: ['1'] } })).sort()).toEqual(['a.countries', 'b.countries', 'c.countries']);
});
