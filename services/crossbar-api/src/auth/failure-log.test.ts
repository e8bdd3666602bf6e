import { FailureLog } from './failure-log';

test('counts the attempts of a key inside the window and forgets older ones', () => {
  const log = new FailureLog(10);
  log.add('k', 100, 0);
  log.add('k', 200, 0);
  log.add('k', 300, 0);
  expect(log.count('k', 0)).toBe(3);
  expect(log.count('k', 150)).toBe(2);
  expect(log.count('k', 300)).toBe(0);
  expect(log.size).toBe(0);
});

test('a removed attempt no longer counts; removing twice or after it expired changes nothing', () => {
  const log = new FailureLog(10);
  const first = log.add('k', 100, 0);
  log.add('k', 100, 0);
  log.remove(first);
  expect(log.count('k', 0)).toBe(1);
  log.remove(first);
  expect(log.count('k', 0)).toBe(0);
  log.remove(first);
  expect(log.count('k', 0)).toBe(0);
});

test('past maxKeys, keys with nothing in the window are dropped first, then the oldest', () => {
  const log = new FailureLog(2);
  log.add('old', 10, 0);
  log.add('live', 500, 0);
  log.add('new', 600, 100);
  expect(log.size).toBe(2);
  expect(log.count('live', 100)).toBe(1);
  log.add('newer', 700, 100);
  expect(log.size).toBe(2);
  expect(log.count('live', 100)).toBe(0);
  expect(log.count('new', 100)).toBe(1);
  expect(log.count('newer', 100)).toBe(1);
});
