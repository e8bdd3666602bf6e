import fc from 'fast-check';
import { isRatedeckDb, isRatedeckId, RATEDECK_DB_RANGE, ratedeckDb, ratedeckIdFromDb, ratedeckIdOf, ratedeckIdProblem } from './ratedeck-names';

test('ratedeck db names as kzd_ratedeck', () => {
  expect(ratedeckDb()).toBe('ratedeck');
  expect(ratedeckDb('ratedeck')).toBe('ratedeck');
  expect(ratedeckDb('bulk')).toBe('ratedeck/bulk');
  expect(ratedeckDb('ratedeck%2Fbulk')).toBe('ratedeck/bulk');
  expect(ratedeckIdFromDb('ratedeck/bulk')).toBe('bulk');
  expect(ratedeckIdFromDb('ratedeck%2Fbulk')).toBe('bulk');
  expect(ratedeckIdFromDb('ratedeck')).toBe('ratedeck');
  expect(() => ratedeckIdFromDb('accounts')).toThrow(/not a ratedeck database/);
});

test('every way of naming a deck gives its id', () => {
  expect(['bulk', 'ratedeck/bulk', 'ratedeck%2Fbulk'].map(ratedeckIdOf)).toEqual(['bulk', 'bulk', 'bulk']);
  expect(ratedeckIdOf('ratedeck')).toBe('ratedeck');
  expect(ratedeckIdOf('100%')).toBe('100%'); // not decodable: kept, and simply finds no deck
});

test('deck ids are lowercase letters, digits, "_" and "-"; anything else is named in the problem', () => {
  for (const ok of ['ratedeck', 'bulk', 'a-retail', 'gold_2']) expect(isRatedeckId(ok)).toBe(true);
  for (const bad of ['', 'Bad Deck', '-x', 'a/b', 'x'.repeat(101)]) {
    expect(isRatedeckId(bad)).toBe(false);
    expect(ratedeckIdProblem(bad)).toMatch(/^ratedeck_id must be lowercase letters/);
  }
});

test('any valid deck id: its db is a ratedeck db, inside the listing range, and gives the id back', () => {
  fc.assert(
    fc.property(fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,99}$/), (id) => {
      const db = ratedeckDb(id);
      expect(isRatedeckDb(db)).toBe(true);
      expect(db >= RATEDECK_DB_RANGE.startkey && db <= RATEDECK_DB_RANGE.endkey).toBe(true);
      expect(ratedeckIdFromDb(db)).toBe(id);
    }),
  );
});
