import { etaText } from './import-rates';

test('the progress ETA says nothing before the first row and counts down after', () => {
  expect(etaText(0, 1000, 0)).toBe('ETA …');
  expect(etaText(0, 1000, 5000)).toBe('ETA …');
  expect(etaText(250, 1000, 10_000)).toBe('ETA 30s');
  expect(etaText(100, 1000, 10_000)).toBe('ETA 1m30s');
  expect(etaText(1000, 1000, 10_000)).toBe('ETA 0s');
});
