import fc from 'fast-check';
import {
  accountDbName,
  accountId,
  encodedAccountDb,
  modbName,
  numberDb,
  parseAccountRef,
} from './db-names';

const ID = '6a7b3c4d5e6f708192a3b4c5d6e7f801';

test('every form of an account reference gives the same id and db names', () => {
  const forms = [ID, `account/6a/7b/${ID.slice(4)}`, `account%2F6a%2F7b%2F${ID.slice(4)}`, `account%2f6a%2f7b%2f${ID.slice(4)}`, `${ID}-202401`];
  for (const f of forms) {
    expect(accountId(f)).toBe(ID);
    expect(accountDbName(f)).toBe(`account/6a/7b/${ID.slice(4)}`);
    expect(encodedAccountDb(f)).toBe(`account%2F6a%2F7b%2F${ID.slice(4)}`);
  }
});

test('MODB names carry a zero-padded month and parse back', () => {
  expect(modbName(ID, { year: 2024, month: 1 })).toBe(`account/6a/7b/${ID.slice(4)}-202401`);
  expect(modbName(ID, new Date(Date.UTC(2026, 10, 24)))).toBe(`account/6a/7b/${ID.slice(4)}-202611`);
  expect(parseAccountRef(`account%2F6a%2F7b%2F${ID.slice(4)}-202412`)).toEqual({ accountId: ID, year: 2024, month: 12 });
  expect(() => modbName(ID, { year: 2024, month: 13 })).toThrow(/month/);
});

test('things that are not account references are refused', () => {
  for (const bad of ['', 'accounts', 'account/6a/7b', ID.slice(1), `${ID}0`, 'ZZ7b3c4d5e6f708192a3b4c5d6e7f801', '../etc/passwd']) {
    expect(parseAccountRef(bad)).toBeUndefined();
    expect(() => accountId(bad)).toThrow(/not an account/);
  }
});

test('raw, unencoded and encoded forms round-trip for any id', () => {
  fc.assert(
    fc.property(fc.stringMatching(/^[0-9a-f]{32}$/), (id) => {
      expect(accountId(accountDbName(id))).toBe(id);
      expect(accountId(encodedAccountDb(id))).toBe(id);
      expect(decodeURIComponent(encodedAccountDb(id))).toBe(accountDbName(id));
    }),
  );
});

test('numbers dbs shard by the first five characters of the E.164 number', () => {
  expect(numberDb('+14158867900')).toBe('numbers/+1415');
  expect(numberDb('+442079460000')).toBe('numbers/+4420');
  expect(() => numberDb('14158867900')).toThrow(/E\.164/);
});
