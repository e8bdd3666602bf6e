// The ledger against a real CouchDB: writes are announced on the bus, a caller's key is recorded
// once, deleted transactions stop counting.
import { createLocalBus, type KazooMessage, LocalBroker } from '@tollgate/kazoo-bus';
import { accountDbName, modbName } from '@tollgate/kazoo-db';
import { randomHex, TestCouch, waitFor } from '@tollgate/testing';
import { newTransaction } from '../domain/transaction';
import { balance, findTransaction, listTransactions } from './read-transactions';
import { deleteTransaction, saveTransaction, saveTransactionOnce, TransactionKeyTaken } from './write-transactions';

const couch = new TestCouch();
const broker = new LocalBroker();
const bus = createLocalBus({ appName: 'ledger-test', appVersion: '4.3.0', broker });
const events: KazooMessage[] = [];

beforeAll(async () => {
  const listener = createLocalBus({ appName: 'listener', appVersion: '4.3.0', broker });
  await listener.consume({ bindings: [{ exchange: 'configuration', routingKey: '#' }] }, (msg) => {
    events.push(msg);
  });
});

afterAll(async () => {
  await bus.close();
  await couch.cleanup();
});

function account(): string {
  const id = randomHex(16);
  couch.track(modbName(id, new Date()), accountDbName(id));
  return id;
}

test('credits and debits make the balance; each write is announced as a doc event of its type', async () => {
  const id = account();
  const credit = await saveTransaction({ couch, bus }, newTransaction({ accountId: id, type: 'credit', amount: 50_000, reason: 'manual_addition' }));
  await saveTransaction({ couch, bus }, newTransaction({ accountId: id, type: 'debit', amount: 12_345, reason: 'admin_discretion' }));
  expect(await balance(couch, id)).toBe(37_655);
  expect((await listTransactions(couch, id)).map((t) => t.pvt_type).sort()).toEqual(['credit', 'debit']);
  const created = await waitFor('both doc_created events', async () => {
    const mine = events.filter((e) => e['Account-ID'] === id && e['Event-Name'] === 'doc_created');
    return mine.length === 2 ? mine : undefined;
  });
  expect(created.map((e) => e.Type).sort()).toEqual(['credit', 'debit']);
  expect(created.find((e) => e.Type === 'credit')).toMatchObject({ ID: credit._id, Database: encodeURIComponent(modbName(id, new Date())) });
});

test("a caller's key records a transaction once; the key reused for another amount is refused", async () => {
  const id = account();
  const tx = newTransaction({ id: 'wire-001', accountId: id, type: 'credit', amount: 10_000, reason: 'manual_addition' });
  expect(await saveTransactionOnce({ couch, bus }, tx)).toMatchObject({ existed: false });
  expect(await saveTransactionOnce({ couch, bus }, { ...tx })).toMatchObject({ existed: true, transaction: { _id: 'wire-001' } });
  await expect(saveTransactionOnce({ couch, bus }, { ...tx, pvt_amount: 20_000 })).rejects.toBeInstanceOf(TransactionKeyTaken);
  expect(await balance(couch, id)).toBe(10_000);
});

test('a deleted transaction no longer counts and is announced as deleted', async () => {
  const id = account();
  const tx = newTransaction({ id: 'monthly_recurring', accountId: id, type: 'debit', amount: 7_000, reason: 'monthly_recurring' });
  await saveTransaction({ couch, bus }, tx);
  expect(await balance(couch, id)).toBe(-7_000);
  await deleteTransaction({ couch, bus }, id, 'monthly_recurring', new Date());
  expect(await balance(couch, id)).toBe(0);
  expect(await findTransaction(couch, id, 'monthly_recurring')).toMatchObject({ pvt_deleted: true });
  await waitFor('the doc_deleted event', async () => (events.some((e) => e['Account-ID'] === id && e['Event-Name'] === 'doc_deleted' && e.ID === 'monthly_recurring') ? true : undefined));
});
