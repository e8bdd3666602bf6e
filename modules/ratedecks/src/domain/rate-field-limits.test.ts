import { rateFromJson } from './rate-from-json';
import { MAX_EXTRA_FIELD_JSON_LENGTH, MAX_EXTRA_FIELDS, RATE_FIELD_LIMITS } from './rate-field-limits';
import { parseRateRow } from './rate-row';

const EIGHT_MB = 'x'.repeat(8 * 1024 * 1024);

describe('a CSV row with an oversized field is refused with the field and its size', () => {
  test.each(['description', 'rate_name', 'carrier', 'iso_country_code', 'rate_suffix', 'rate_version'] as const)('%s', (field) => {
    const max = RATE_FIELD_LIMITS[field].maxLength;
    expect(parseRateRow({ prefix: '1415', rate_cost: '0.01', [field]: 'A'.repeat(max) })).toMatchObject({ ok: true });
    expect(parseRateRow({ prefix: '1415', rate_cost: '0.01', [field]: EIGHT_MB })).toEqual({
      ok: false,
      reason: `${field} must be at most ${max} characters, got ${EIGHT_MB.length}`,
    });
  });

  test('number cells, ratedeck_id and account_id are bounded before they are parsed', () => {
    expect(parseRateRow({ prefix: '1415', rate_cost: `0.${'0'.repeat(100)}1` })).toMatchObject({ ok: false, reason: 'rate_cost must be at most 40 characters, got 103' });
    expect(parseRateRow({ prefix: '1415', rate_cost: '0.01', ratedeck_id: EIGHT_MB })).toMatchObject({ ok: false, reason: expect.stringMatching(/^ratedeck_id must be at most 100 characters/) });
    expect(parseRateRow({ prefix: '1415', rate_cost: '0.01', pvt_rate_cost: EIGHT_MB })).toMatchObject({ ok: false, reason: expect.stringMatching(/^pvt_rate_cost must be at most 40/) });
  });

  test('lists: the number of items and the size of each', () => {
    const many = Array.from({ length: 33 }, (_, i) => `^\\+1415${i}$`);
    expect(parseRateRow({ prefix: '1415', rate_cost: '0.01', routes: JSON.stringify(many) })).toEqual({ ok: false, reason: 'routes must have at most 32 items, got 33' });
    expect(parseRateRow({ prefix: '1415', rate_cost: '0.01', routes: `^\\+1415${'\\d'.repeat(300)}$` })).toEqual({ ok: false, reason: 'routes[0] must be at most 500 characters, got 608' });
    expect(parseRateRow({ prefix: '1415', rate_cost: '0.01', options: Array.from({ length: 40 }, (_, i) => `o${i}`).join(';') })).toMatchObject({ ok: false, reason: 'options must have at most 32 items, got 40' });
    expect(parseRateRow({ prefix: '1415', rate_cost: '0.01', caller_id_numbers: `441:${'4'.repeat(40)}` })).toMatchObject({ ok: false, reason: 'caller_id_numbers[1] must be at most 32 characters, got 40' });
    expect(parseRateRow({ prefix: '1415', rate_cost: '0.01', routes: EIGHT_MB })).toMatchObject({ ok: false, reason: expect.stringMatching(/^routes must be at most \d+ characters, got 8388608$/) });
  });

  test('a column that is not a rate field is ignored, however large (never stored)', () => {
    const r = parseRateRow({ prefix: '1415', rate_cost: '0.01', notes: EIGHT_MB });
    expect(r.ok && Object.keys(r.rate)).not.toContain('notes');
  });
});

describe('a JSON rate with an oversized field gets Kazoo maxLength / maxItems errors, without the value echoed', () => {
  test('text fields', () => {
    expect(rateFromJson({ prefix: 1415, rate_cost: 0.01, description: EIGHT_MB, carrier: 'c'.repeat(129) })).toEqual({
      ok: false,
      errors: {
        description: { maxLength: { message: 'String must not be more than 500 characters', target: 500, length: EIGHT_MB.length } },
        carrier: { maxLength: { message: 'String must not be more than 128 characters', target: 128, length: 129 } },
      },
    });
    expect(rateFromJson({ prefix: 1415, rate_cost: 0.01, description: 'd'.repeat(500), carrier: 'c'.repeat(128) })).toMatchObject({ ok: true });
  });

  test('the id, from the body or the URL', () => {
    expect(rateFromJson({ prefix: 1415, rate_cost: 0.01, id: EIGHT_MB })).toMatchObject({ ok: false, errors: { id: { maxLength: { target: 128 } } } });
    expect(rateFromJson({ prefix: 1415, rate_cost: 0.01 }, 'i'.repeat(129))).toMatchObject({ ok: false, errors: { id: { maxLength: { target: 128 } } } });
  });

  test('lists', () => {
    expect(rateFromJson({ prefix: 1415, rate_cost: 0.01, routes: Array.from({ length: 33 }, () => '^\\+1415(\\d*)$') })).toEqual({
      ok: false,
      errors: { routes: { maxItems: { message: 'The list is more than 32 items', target: 32, length: 33 } } },
    });
    expect(rateFromJson({ prefix: 1415, rate_cost: 0.01, options: ['ok', EIGHT_MB] })).toMatchObject({
      ok: false,
      errors: { options: { maxLength: { message: 'String must not be more than 128 characters (item 1)', target: 128 } } },
    });
  });

  test('fields that are not rate fields: their number and size', () => {
    expect(rateFromJson({ prefix: 1415, rate_cost: 0.01, notes: EIGHT_MB })).toMatchObject({
      ok: false,
      errors: { notes: { maxLength: { target: MAX_EXTRA_FIELD_JSON_LENGTH } } },
    });
    const many = Object.fromEntries(Array.from({ length: MAX_EXTRA_FIELDS + 1 }, (_, i) => [`k${i}`, i]));
    expect(rateFromJson({ prefix: 1415, rate_cost: 0.01, ...many })).toMatchObject({ ok: false, errors: { data: { maxProperties: { target: MAX_EXTRA_FIELDS } } } });
    expect(rateFromJson({ prefix: 1415, rate_cost: 0.01, notes: 'short' })).toMatchObject({ ok: true, rate: { notes: 'short' } });
  });
});
