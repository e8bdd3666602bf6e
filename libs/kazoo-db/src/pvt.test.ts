import { mergePrivate, publicView, stampPvt } from './pvt';
import { fromGregorian, GREGORIAN_OFFSET, gregorianNow, toGregorian } from './time';

const ID = '6a7b3c4d5e6f708192a3b4c5d6e7f801';

test('gregorian seconds are unix seconds plus 62167219200', () => {
  const d = new Date(Date.UTC(2017, 6, 24, 21, 34, 6));
  expect(toGregorian(d)).toBe(d.getTime() / 1000 + GREGORIAN_OFFSET);
  expect(fromGregorian(toGregorian(d)).getTime()).toBe(d.getTime());
  expect(gregorianNow()).toBeGreaterThan(63_900_000_000);
});

test('stamping sets pvt fields; pvt_created survives an update', () => {
  const first = stampPvt({ _id: 'x', name: 'n' }, { type: 'rate', account: ID, now: 100 });
  expect(first).toMatchObject({ pvt_type: 'rate', pvt_vsn: '1', pvt_created: 100, pvt_modified: 100, pvt_account_id: ID, pvt_account_db: `account%2F6a%2F7b%2F${ID.slice(4)}` });
  const second: Record<string, unknown> = stampPvt({ ...first, _rev: "1-a" }, { now: 200 });
  expect(second.pvt_created).toBe(100);
  expect(second.pvt_modified).toBe(200);
});

test('the public view hides _ and pvt_ keys and shows id', () => {
  expect(publicView({ _id: 'a', _rev: '1-x', pvt_type: 't', name: 'n', nested: { pvt_x: 1 } })).toEqual({ id: 'a', name: 'n', nested: { pvt_x: 1 } });
});

test('merging keeps private keys from the stored doc and public keys from the request', () => {
  const merged = mergePrivate({ _id: 'a', _rev: '2-x', pvt_tree: ['m'], name: 'old', gone: 1 }, { name: 'new', pvt_tree: ['evil'], id: 'b' });
  expect(merged).toEqual({ _id: 'a', _rev: '2-x', pvt_tree: ['m'], name: 'new' });
});
