// The low balance pass on a CouchDB of its own (it walks every account in `accounts`), and the
// mail it leads to, through a real SMTP server on loopback.
import { bootstrapMaster, createAccount, createUser, fetchAccount } from '@tollgate/accounts';
import { type LiveSettings, SystemConfig } from '@tollgate/config';
import { type EmbeddedCouchDB, startEmbeddedCouchDB } from '@tollgate/embedded-couchdb';
import { type Bus, createLocalBus, type KazooMessage, LocalBroker, LOW_BALANCE_ROUTING_KEY } from '@tollgate/kazoo-bus';
import { accountDbName, Couch } from '@tollgate/kazoo-db';
import { type LedgerSettings, newTransaction, saveTransaction, startLedgerSettings } from '@tollgate/ledger';
import { crawlLowBalances } from './low-balance/low-balance-crawl';
import { ensureGlobalDbs } from '@tollgate/service-kit';
import { relayTo, type SmtpCatcher, startSmtpCatcher, waitFor } from '@tollgate/testing';
import { startLowBalanceMailer } from './low-balance-mailer';

let server: EmbeddedCouchDB;
let couch: Couch;
let config: SystemConfig;
let ledgerSettings: LiveSettings<LedgerSettings>;
let broker: LocalBroker;
let bus: Bus;
let listener: Bus;
const alerts: KazooMessage[] = [];
let masterId: string;
let prepaid: string;
let postpaid: string;

beforeAll(async () => {
  server = await startEmbeddedCouchDB({ port: 0 });
  couch = new Couch(server.url);
  await ensureGlobalDbs(couch);
  config = new SystemConfig({ couch, node: 'tollgate@low-balance-test' });
  await config.start();
  ledgerSettings = await startLedgerSettings(config);
  broker = new LocalBroker();
  bus = createLocalBus({ appName: 'services-sync', appVersion: '4.3.0', broker });
  listener = createLocalBus({ appName: 'teletype', appVersion: '4.3.0', broker });
  await listener.consume({ bindings: [{ exchange: 'notifications', routingKey: LOW_BALANCE_ROUTING_KEY }] }, (msg) => {
    alerts.push(msg);
  });
  const deps = { couch, config, bus };
  masterId = (await bootstrapMaster(deps, { accountName: 'Low Balance Master', username: 'admin', password: 'pw' })).accountId;
  prepaid = String((await createAccount(deps, { parentId: masterId, data: { name: 'Prepaid Customer' } }))._id);
  postpaid = String((await createAccount(deps, { parentId: masterId, data: { name: 'Postpaid Customer' } }))._id);
}, 60_000);

afterAll(async () => {
  ledgerSettings?.stop();
  await listener?.close();
  await bus?.close();
  await config?.stop();
  for (const db of await couch.listDbs()) if (!db.startsWith('_')) await couch.destroyDb(db);
  await server?.close();
});

const ledger = (type: 'credit' | 'debit', units: number) => saveTransaction({ couch, bus }, newTransaction({ accountId: prepaid, type, amount: units, reason: 'admin_discretion' }));
const lowBalanceOf = async (id: string) => ((await fetchAccount(couch, id)) as { notifications?: { low_balance?: Record<string, unknown> } })?.notifications?.low_balance;
const crawl = (b: Bus = bus) => crawlLowBalances({ couch, bus: b, config, ledger: ledgerSettings });
const until = (n: number) => waitFor(`${n} alerts`, async () => (alerts.length >= n ? true : undefined), 10_000, 10);

test('a prepaid account under the threshold is alerted once, on the bus as Kazoo’s low_balance; a postpaid one is left alone', async () => {
  await ledger('credit', 30_000); // $3, under the default $5
  const revs = async () => [(await fetchAccount(couch, masterId))?._rev, (await fetchAccount(couch, postpaid))?._rev, (await couch.get('accounts', postpaid))?._rev];
  const untouched = await revs();
  const report = await crawl();
  expect(report.notified).toEqual([prepaid]);
  await until(1);
  expect(alerts).toEqual([expect.objectContaining({ 'Event-Category': 'notification', 'Event-Name': 'low_balance', 'Account-ID': prepaid, 'Current-Balance': 30_000, 'App-Name': 'services-sync' })]);
  expect(await lowBalanceOf(prepaid)).toMatchObject({ sent_low_balance: true, last_notification: expect.any(Number) });
  expect(await lowBalanceOf(postpaid)).toBeUndefined();
  expect(await revs()).toEqual(untouched); // accounts with nothing to do are not written

  expect((await crawl()).notified).toEqual([]);
  expect(alerts).toHaveLength(1);
});

test('back above the threshold the flag is reset, and the next fall alerts again; two crawlers alert once', async () => {
  await ledger('credit', 100_000); // $13
  expect((await crawl()).reset).toEqual([prepaid]);
  expect(await lowBalanceOf(prepaid)).toEqual({ sent_low_balance: false });
  await ledger('debit', 120_000); // $1
  const [a, b] = await Promise.all([crawl(), crawl()]);
  expect([...a.notified, ...b.notified]).toEqual([prepaid]);
  await until(2);
  expect(alerts.map((m) => m['Current-Balance'])).toEqual([30_000, 10_000]);
});

test('an account that enabled the alert with its own threshold is alerted even without a ledger; an alert that could not be published is retried by the next crawl', async () => {
  await couch.update(accountDbName(postpaid), postpaid, (cur) => (cur ? { ...cur, notifications: { low_balance: { enabled: true, threshold: 20 } } } : undefined));
  const closed = createLocalBus({ appName: 'services-sync', appVersion: '4.3.0', broker });
  await closed.close();
  const failed = await crawl(closed);
  expect(failed.notified).toEqual([]);
  expect(await lowBalanceOf(postpaid)).toMatchObject({ enabled: true, sent_low_balance: false });
  const retried = await crawl();
  expect(retried.notified).toEqual([postpaid]);
  await until(3);
  expect(alerts[2]).toMatchObject({ 'Account-ID': postpaid, 'Current-Balance': 0 });
});

describe('the low balance mail', () => {
  let smtp: SmtpCatcher;

  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    await relayTo(config, smtp);
    await config.setDefault('notify.low_balance', 'from', 'billing@reseller.example');
    await createUser({ couch, config, bus }, prepaid, { username: 'payer', password: 'pw', first_name: 'Pay', last_name: 'Er', email: 'payer@customer.example', priv_level: 'admin' });
    await createUser({ couch, config, bus }, prepaid, { username: 'staff', password: 'pw', first_name: 'St', last_name: 'Aff', email: 'staff@customer.example', priv_level: 'user' });
  });

  afterAll(async () => {
    await smtp?.close();
  });

  const waitMail = (n: number) => waitFor(`${n} mails`, async () => (smtp.mails.length >= n ? true : undefined), 10_000, 10);

  test('the account’s admins are mailed their balance and threshold; a refused mail makes the next crawl alert again', async () => {
    const mailer = await startLowBalanceMailer({ couch, bus, config, ledger: ledgerSettings });
    try {
      await ledger('credit', 150_000); // $16.00, back above $5
      expect((await crawl()).reset).toEqual([prepaid]);
      smtp.refuse = true;
      await ledger('debit', 150_000); // $1.00
      expect((await crawl()).notified).toEqual([prepaid]);
      await waitFor('the flag cleared after the refused mail', async () => ((await lowBalanceOf(prepaid))?.sent_low_balance === false ? true : undefined), 10_000, 10);
      expect(await lowBalanceOf(prepaid)).toMatchObject({ sent_low_balance: false });
      expect(smtp.mails).toEqual([]);

      smtp.refuse = false;
      expect((await crawl()).notified).toEqual([prepaid]);
      await waitMail(1);
      expect(smtp.mails).toHaveLength(1);
      expect(smtp.mails[0].to).toEqual(['payer@customer.example']);
      expect(smtp.mails[0].data).toContain('From: billing@reseller.example');
      expect(smtp.mails[0].data).toContain('Subject: Account Prepaid Customer is low on credit');
      expect(smtp.mails[0].data).toContain('The balance of account Prepaid Customer is $1.00, below $5.00.');
    } finally {
      await mailer.cancel();
    }
  });
});
