import { toDecimal } from '@tollgate/money';
import fc from 'fast-check';
import { parseRateRow } from './rate-row';

const row = (cells: Record<string, string>) => parseRateRow(cells);

test('a seed row becomes a Kazoo rate: XX id, default route, prefix name, weight rule', () => {
  const r = row({ rate_cost: '0.1', description: 'BRONZE', name: 'BRONZE', prefix: '1503' });
  expect(r).toEqual({
    ok: true,
    warnings: [],
    rate: {
      _id: 'XX-1503',
      pvt_type: 'rate',
      prefix: 1503,
      rate_cost: 0.1,
      description: 'BRONZE',
      rate_name: '1503',
      weight: 30,
      routes: ['^\\+1503(\\d*)$'],
    },
  });
});

test('iso, suffix and direction shape the id and the generated name', () => {
  const r = row({ prefix: '44', rate_cost: '0.02', iso_country_code: 'GB', rate_suffix: 'mobile', direction: 'inbound;outbound' });
  if (!r.ok) throw new Error(r.reason);
  expect(r.rate._id).toBe('GB-44-mobile');
  expect(r.rate.rate_name).toBe('inbound_outbound_GB_44');
  expect(r.rate.direction).toEqual(['inbound', 'outbound']);
  expect(row({ prefix: '44', rate_cost: '0', direction: 'outbound' })).toMatchObject({ rate: { rate_name: 'outbound_44', direction: ['outbound'] } });
  expect(row({ prefix: '44', rate_cost: '0', iso_country_code: 'GB' })).toMatchObject({ rate: { rate_name: 'GB_44', _id: 'GB-44' } });
});

test('internal cost goes to pvt fields and drives the weight', () => {
  const r = row({ prefix: '1', rate_cost: '0.5', internal_rate_cost: '0.2', internal_surcharge: '0.01' });
  if (!r.ok) throw new Error(r.reason);
  expect(r.rate).toMatchObject({ pvt_internal_rate_cost: 0.2, pvt_rate_cost: 0.2, pvt_rate_surcharge: 0.01, weight: 1 });
  expect(r.rate).not.toHaveProperty('internal_rate_cost');
  expect(row({ prefix: '123456', rate_cost: '0.05', weight: '250' })).toMatchObject({ rate: { weight: 100 } });
  expect(row({ prefix: '123456', rate_cost: '0.05', weight: '-3' })).toMatchObject({ rate: { weight: 1 } });
  expect(row({ prefix: '123456', rate_cost: '0.05' })).toMatchObject({ rate: { weight: 55 } });
});

test('bad cells give precise reasons', () => {
  expect(row({ prefix: '1', rate_cost: 'abc' })).toEqual({ ok: false, reason: 'rate_cost must be a number >= 0, got "abc"' });
  expect(row({ prefix: '1', rate_cost: '-0.1' })).toEqual({ ok: false, reason: 'rate_cost must be a number >= 0, got "-0.1"' });
  expect(row({ prefix: '', rate_cost: '1' })).toEqual({ ok: false, reason: 'prefix is required but the cell is empty' });
  expect(row({ prefix: '01', rate_cost: '1' })).toMatchObject({ ok: false, reason: expect.stringContaining('prefix must be the digits') });
  expect(row({ prefix: '1', rate_cost: '1', rate_increment: '0' })).toEqual({ ok: false, reason: 'rate_increment must be an integer >= 1, got "0"' });
  expect(row({ prefix: '1', rate_cost: '1', direction: 'sideways' })).toMatchObject({ ok: false, reason: expect.stringContaining('direction must be') });
  expect(row({ prefix: '1', rate_cost: '1', account_id: 'nope' })).toMatchObject({ ok: false, reason: expect.stringContaining('account_id must be') });
  expect(row({ prefix: '1', rate_cost: '1', ratedeck_id: 'Bad Deck' })).toMatchObject({ ok: false, reason: expect.stringContaining('ratedeck_id must be') });
  expect(row({ prefix: '1', rate_cost: '0.12345678901234567' })).toMatchObject({ ok: false, reason: expect.stringContaining('more digits than can be stored exactly') });
});

test('routes: JSON array or one regex; an empty list is kept and warned about', () => {
  expect(row({ prefix: '1444', rate_cost: '1', routes: '["^\\\\+?1444.+$"]' })).toMatchObject({ rate: { routes: ['^\\+?1444.+$'] }, warnings: [] });
  expect(row({ prefix: '1333', rate_cost: '1', routes: '^\\+?1333.+$' })).toMatchObject({ rate: { routes: ['^\\+?1333.+$'] } });
  const empty = row({ prefix: '1', rate_cost: '1', routes: '[]' });
  expect(empty).toMatchObject({ ok: true, rate: { routes: [] }, warnings: ['routes is an empty list, so this rate never matches a number'] });
  expect(row({ prefix: '1', rate_cost: '1', routes: '(' })).toMatchObject({ ok: true, warnings: [expect.stringContaining('not a valid regular expression')] });
});

test('any decimal text with up to 15 significant digits is stored exactly and read back as the same decimal', () => {
  const decimal = fc
    .tuple(fc.bigInt({ min: 0n, max: 999_999_999n }), fc.integer({ min: 0, max: 6 }))
    .map(([digits, scale]) => {
      const s = digits.toString().padStart(scale + 1, '0');
      return scale === 0 ? s : `${s.slice(0, s.length - scale)}.${s.slice(s.length - scale)}`;
    });
  fc.assert(
    fc.property(decimal, (text) => {
      const r = row({ prefix: '1', rate_cost: text });
      if (!r.ok) return false;
      const back = JSON.parse(JSON.stringify(r.rate)).rate_cost as number;
      return toDecimal(String(back)).equals(toDecimal(text));
    }),
  );
});

test('whatever the cells, parsing never throws: a row is a rate or a reason', () => {
  const cell = fc.oneof(fc.string(), fc.constantFrom('', '1', '0.1', '-1', '1e3', 'abc', '[]', '["x"]', 'inbound'));
  fc.assert(
    fc.property(fc.record({ prefix: cell, rate_cost: cell, direction: cell, routes: cell, weight: cell, rate_increment: cell, options: cell }), (cells) => {
      const r = row(cells);
      return r.ok ? typeof r.rate._id === 'string' && r.rate.rate_cost >= 0 : r.reason.length > 0;
    }),
  );
});
