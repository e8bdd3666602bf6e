// Ledger docs against a real CouchDB: written once in the MODB of their month, counted in the
// balance with the transactions, each MODB's total kept from its `_changes`.
import { accountDbName, Couch, getLocalDoc, modbName, toGregorian } from '@tollgate/kazoo-db';
import { randomHex, TestCouch } from '@tollgate/testing';
import { type LedgerDoc, newLedger, PER_MINUTE_SOURCE } from '../domain/ledger-doc';
import { newTransaction } from '../domain/transaction';
import { BalanceCache } from './balance-cache';
import { modbTotal } from './modb-totals';
import { balance } from './read-transactions';
import { saveLedgers } from './write-ledgers';
import { deleteTransaction, saveTransaction } from './write-transactions';

const couch = new TestCouch();

afterAll(async () => {
  await couch.cleanup();
});

const JAN_31_LATE = toGregorian(new Date(Date.UTC(2024, 0, 31, 23, 59, 30)));

function account(...months: Date[]): string {
  const id = randomHex(16);
  couch.track(accountDbName(id), modbName(id, new Date()), ...months.map((m) => modbName(id, m)));
  return id;
}

function callDebit(ledgerAccountId: string, callId: string, amount: number, end = JAN_31_LATE, about?: string): LedgerDoc {
  return newLedger({
    ledgerAccountId,
    type: 'debit',
    amount,
    account: about ? { id: about, name: 'Customer' } : undefined,
    source: { service: PER_MINUTE_SOURCE, id: callId },
    usage: { type: 'voice', quantity: 96, unit: 'sec' },
    period: { start: end - 95, end },
  });
}

test('a ledger doc goes into the MODB of its own month, once; a second write of it is reported as there', async () => {
  const jan = new Date(Date.UTC(2024, 0, 15));
  const id = account(jan);
  const doc = callDebit(id, 'call-1', 221);
  expect(doc._id).toMatch(/^202401-[0-9a-f]{32}$/);
  const first = await saveLedgers({ couch }, [doc]);
  expect(first.written.map((d) => d._id)).toEqual([doc._id]);
  expect(await couch.get(modbName(id, jan), doc._id)).toMatchObject({ pvt_type: 'ledger', pvt_ledger_type: 'debit', amount: 221, source: { service: 'per-minute-voip', id: 'call-1' } });
  // Priced again (another amount, another usage) and renamed: the same entry, not written again.
  const again = { ...callDebit(id, 'call-1', 999), usage: { type: 'voice', quantity: 120, unit: 'sec' } };
  expect(again._id).toBe(doc._id);
  expect(await saveLedgers({ couch }, [again])).toEqual({ written: [], existed: [again] });
  // The MODB was made with the modb design docs (Kazoo's ledgers views).
  expect(await couch.get(modbName(id, jan), '_design/ledgers')).toMatchObject({ views: { list_by_source: expect.any(Object) } });
});

test("the balance is transactions and ledger docs together; a reseller's entry names its customer and counts for the reseller", async () => {
  const jan = new Date(Date.UTC(2024, 0, 15));
  const customer = account(jan);
  const reseller = account(jan);
  await saveTransaction({ couch }, newTransaction({ accountId: customer, type: 'credit', amount: 100_000, reason: 'manual_addition' }));
  const { written } = await saveLedgers({ couch }, [callDebit(customer, 'c1', 221), callDebit(customer, 'c2', 100), callDebit(reseller, 'c1', 143, JAN_31_LATE, customer)]);
  expect(written).toHaveLength(3);
  expect(await balance(couch, customer)).toBe(100_000 - 321);
  expect(await balance(couch, reseller)).toBe(-143);
  expect(await couch.get(modbName(reseller, jan), callDebit(reseller, 'c1', 143, JAN_31_LATE, customer)._id)).toMatchObject({
    account: { id: customer, name: 'Customer' },
    pvt_account_id: reseller,
  });
});

test('a MODB total follows new docs from its changes, is shared through _local, and is counted again after an edit', async () => {
  const id = account();
  const db = modbName(id, new Date());
  const credit = newTransaction({ accountId: id, type: 'credit', amount: 50_000, reason: 'manual_addition', id: 'topup-1' });
  await saveTransaction({ couch }, credit);
  expect(await modbTotal(couch, db)).toEqual({ units: 50_000, count: 1 });
  await saveTransaction({ couch }, newTransaction({ accountId: id, type: 'debit', amount: 5_000, reason: 'admin_discretion' }));
  expect(await modbTotal(couch, db)).toEqual({ units: 45_000, count: 2 });
  expect(await getLocalDoc(couch, db, 'tollgate-balance')).toMatchObject({ units: 45_000, count: 2 });
  // Another process (another client: its own memory) starts from the shared total.
  const other = new Couch(couch.url);
  expect(await modbTotal(other, db)).toEqual({ units: 45_000, count: 2 });
  // An edit (a deleted transaction) is not a new doc: the month is counted again.
  await deleteTransaction({ couch }, id, 'topup-1', new Date());
  expect(await modbTotal(couch, db)).toEqual({ units: -5_000, count: 1 });
  expect(await modbTotal(other, db)).toEqual({ units: -5_000, count: 1 });
  expect(await modbTotal(couch, `${db.slice(0, -6)}199001`)).toEqual({ units: 0, count: 0 });
});

test('the balance cache moves with this process’s debits, reloads when told or when old', async () => {
  const id = account();
  await saveTransaction({ couch }, newTransaction({ accountId: id, type: 'credit', amount: 10_000, reason: 'manual_addition' }));
  let now = 1_000;
  const cache = new BalanceCache({ couch, maxAgeMs: () => 60_000, now: () => now });
  expect(await cache.get(id)).toBe(10_000);
  await saveLedgers({ couch }, [callDebit(id, 'cached-call', 300, JAN_31_LATE)]);
  cache.debited(id, 300);
  expect(await cache.get(id)).toBe(9_700);
  // Someone else's credit is not seen until invalidated or the figure is too old.
  await saveTransaction({ couch }, newTransaction({ accountId: id, type: 'credit', amount: 1_000, reason: 'manual_addition' }));
  expect(await cache.get(id)).toBe(9_700);
  now += 60_000;
  expect(await cache.get(id)).toBe(10_700);
  await saveTransaction({ couch }, newTransaction({ accountId: id, type: 'credit', amount: 1, reason: 'manual_addition' }));
  cache.invalidate(id);
  expect(await cache.get(id)).toBe(10_701);
  couch.track(modbName(id, new Date(Date.UTC(2024, 0, 1))));
});
