// Ledger entries recorded over the REST API against a real CouchDB: once per account, source
// service and source id, whatever the month a retry comes in; the reseller's copy beside it.
import { accountDbName, modbName, toGregorian } from '@tollgate/kazoo-db';
import { randomHex, TestCouch } from '@tollgate/testing';
import { newSourcedLedger, resellerCopyOf } from '../domain/sourced-ledger';
import { balance } from './read-transactions';
import { LedgerSourceTaken, recordLedgerEntryOnce } from './record-ledger-entry';

const couch = new TestCouch();
afterAll(async () => couch.cleanup());

const JAN = toGregorian(new Date(Date.UTC(2024, 0, 31, 23, 0, 0)));
const FEB = toGregorian(new Date(Date.UTC(2024, 1, 1, 1, 0, 0)));

function account(): string {
  const id = randomHex(16);
  couch.track(accountDbName(id), modbName(id, { year: 2024, month: 1 }), modbName(id, { year: 2024, month: 2 }));
  return id;
}

const payment = (owner: string, amount: number, at: number, type: 'credit' | 'debit' = 'credit') =>
  newSourcedLedger({
    ledgerAccountId: owner,
    account: { id: owner, name: 'Payer' },
    type,
    amount,
    source: { service: 'payments', id: 'order-1' },
    usage: { type: 'credit', quantity: 0, unit: 'dollars' },
    // the client's period differs between the first request and its retry
    period: { start: at },
    created: at,
    now: at,
  });

test('a retry in a later month finds the entry of the first request: nothing written, the same entry answered', async () => {
  const owner = account();
  const first = await recordLedgerEntryOnce({ couch }, payment(owner, 50_000, JAN));
  expect(first.existed).toBe(false);
  expect(first.entry._id).toMatch(/^202401-[0-9a-f]{32}$/);
  expect(first.entry._rev).toBeDefined();
  const retry = await recordLedgerEntryOnce({ couch }, payment(owner, 50_000, FEB));
  expect(retry).toEqual({ entry: first.entry, existed: true });
  expect(await couch.dbExists(modbName(owner, { year: 2024, month: 2 }))).toBe(false);
  expect(await balance(couch, owner)).toBe(50_000);
});

test('the source id with another amount or direction is refused, naming what is recorded', async () => {
  const owner = account();
  await recordLedgerEntryOnce({ couch }, payment(owner, 50_000, JAN));
  await expect(recordLedgerEntryOnce({ couch }, payment(owner, 60_000, JAN))).rejects.toBeInstanceOf(LedgerSourceTaken);
  await expect(recordLedgerEntryOnce({ couch }, payment(owner, 50_000, FEB, 'debit'))).rejects.toThrow(/already records payments order-1 as a credit of 50000 units/);
  expect(await balance(couch, owner)).toBe(50_000);
});

test('two requests at once record one entry', async () => {
  const owner = account();
  const both = await Promise.all([recordLedgerEntryOnce({ couch }, payment(owner, 7_000, JAN)), recordLedgerEntryOnce({ couch }, payment(owner, 7_000, JAN))]);
  expect(both.map((r) => r.entry._id)).toEqual([both[0].entry._id, both[0].entry._id]);
  expect(await balance(couch, owner)).toBe(7_000);
});

test("the reseller's copy: the same id in the reseller's MODB, naming the customer, the original's private fields under metadata", async () => {
  const customer = account();
  const reseller = account();
  const { entry } = await recordLedgerEntryOnce({ couch }, payment(customer, 40_000, JAN, 'debit'));
  const copy = await recordLedgerEntryOnce({ couch }, resellerCopyOf(entry, reseller));
  expect(copy.entry).toMatchObject({
    _id: entry._id,
    pvt_account_id: reseller,
    account: { id: customer },
    metadata: { origin_ledger: { id: entry._id, account_id: customer, ledger_type: 'debit', type: 'ledger' } },
  });
  expect((await recordLedgerEntryOnce({ couch }, resellerCopyOf(entry, reseller))).existed).toBe(true);
  expect([await balance(couch, customer), await balance(couch, reseller)]).toEqual([-40_000, -40_000]);
});
