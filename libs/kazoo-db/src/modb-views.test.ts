import { randomBytes } from 'node:crypto';
import { Couch } from './couch';
import { modbName } from './db-names';
import { type ModbPageKey, modbsBetween, modbView, modbViewPage } from './modb-views';
import { storageTargets } from './storage-targets';
import { toGregorian } from './time';

const at = (y: number, m: number, d: number, s = 0) => toGregorian(new Date(Date.UTC(y, m - 1, d, 0, 0, s)));

describe.each(storageTargets())('on %s', (_name, url) => {
  const couch = new Couch(url);
  const account = randomBytes(16).toString('hex');
  // Three months; in February two entries end in the same second (equal view keys).
  const times = [at(2024, 1, 5), at(2024, 1, 20), at(2024, 2, 1), at(2024, 2, 9, 30), at(2024, 2, 9, 30), at(2024, 2, 9, 31), at(2024, 4, 2)];
  const dbs = [modbName(account, { year: 2024, month: 1 }), modbName(account, { year: 2024, month: 2 }), modbName(account, { year: 2024, month: 4 })];

  beforeAll(async () => {
    // MODBs made bare, as a writer that does not deploy the design docs would leave them.
    for (const db of dbs) await couch.ensureDb(db);
    for (const [i, t] of times.entries()) {
      const db = modbName(account, new Date((t - 62167219200) * 1000));
      await couch.put(db, { _id: `e${i}`, pvt_type: 'ledger', pvt_ledger_type: 'debit', amount: 10 + i, source: { service: 'per-minute-voip', id: `c${i}` }, pvt_created: t });
    }
    // another source, inside the range of keys' months
    await couch.put(dbs[1], { _id: 'p1', pvt_type: 'ledger', pvt_ledger_type: 'credit', amount: 5, source: { service: 'payments', id: 'p1' }, pvt_created: at(2024, 2, 3) });
  });
  afterAll(async () => {
    for (const db of dbs) await couch.destroyDb(db);
  });

  test("the MODBs of a range are the existing ones of its months, oldest first; a view read deploys a bare MODB's design docs", async () => {
    expect(await modbsBetween(couch, account, at(2023, 12, 1), at(2024, 5, 1))).toEqual(dbs);
    expect(await modbsBetween(couch, account, at(2024, 2, 15), at(2024, 3, 31))).toEqual([dbs[1]]);
    expect(await modbsBetween(couch, account, at(2024, 5, 1), at(2024, 2, 1))).toEqual([]);
    const rows = await modbView(couch, dbs[0], 'ledgers', 'list_by_source', { startkey: ['per-minute-voip'], endkey: ['per-minute-voip', {}] });
    expect(rows.map((r) => r.id)).toEqual(['e0', 'e1']);
    expect(await modbView(couch, modbName(account, { year: 2030, month: 1 }), 'ledgers', 'list_by_source')).toEqual([]);
  });

  const read = (pageSize: number | undefined, descending: boolean, from?: ModbPageKey) =>
    modbViewPage(couch, { dbs, design: 'ledgers', view: 'list_by_source', low: ['per-minute-voip', at(2024, 1, 1)], high: ['per-minute-voip', at(2024, 12, 31)], descending, pageSize, from });

  test.each([1, 2, 3, 4, 7, 50])('pages of %i, either way, show every entry once and in key order, across months and equal keys', async (size) => {
    for (const descending of [false, true]) {
      const all = (await read(undefined, descending)).rows.map((r) => r.id);
      expect(all).toHaveLength(times.length);
      const walked: string[] = [];
      let from: ModbPageKey | undefined;
      for (let i = 0; i < 20; i++) {
        const page = await read(size, descending, from);
        expect(page.rows.length).toBeLessThanOrEqual(size);
        walked.push(...page.rows.map((r) => r.id));
        if (!page.next) break;
        from = page.next;
      }
      expect(walked).toEqual(all);
      const created = all.map((id) => times[Number(id.slice(1))]);
      expect(created).toEqual([...created].sort((a, b) => (descending ? b - a : a - b)));
    }
  });
});
