import { gregorianNow } from '@tollgate/kazoo-db';
import { newTransaction } from '@tollgate/ledger';
import type { ServicePlanDoc } from '../plan/types';
import { createItems } from '../pricing/create-items';
import { type BraintreeStubServer, createBraintreeCustomer, startBraintreeStub } from '../testing/braintree-stub-server';
import { isBookkeeperError } from './bookkeeper';
import { braintreeBookkeeper } from './braintree-bookkeeper';

let stub: BraintreeStubServer;

const plan: ServicePlanDoc = {
  _id: 'plan',
  name: 'SIP',
  plan: {
    phone_numbers: {
      did_us: { rate: 1, discounts: { cumulative: { maximum: 2, rate: 0.5 } } },
      tollfree_us: { rate: 5 },
    },
  },
  bookkeepers: {
    braintree: {
      phone_numbers: {
        did_us: { plan: 'SIP_Services', addon: 'did_us', discounts: { cumulative: 'discount_did_us' } },
        tollfree_us: { plan: 'SIP_Services', addon: 'tollfree_us' },
      },
    },
  },
};

function items(didUs: number, tollfree = 0) {
  return createItems([plan], { account: { phone_numbers: { did_us: didUs, tollfree_us: tollfree } }, cascade: {} });
}

beforeAll(async () => {
  stub = await startBraintreeStub();
  stub.addPlan({ id: 'SIP_Services', addOns: ['did_us', 'tollfree_us'], discounts: ['discount_did_us'] });
});

afterAll(async () => {
  await stub.stop();
});

async function customerWithCard(id: string): Promise<void> {
  await createBraintreeCustomer(stub.credentials(), id);
}

test('a sync subscribes the customer to the mapped plan with add-ons and discounts priced from the service plan', async () => {
  await customerWithCard('acct1');
  const bk = braintreeBookkeeper({ credentials: stub.credentials() });
  await expect(bk.sync(items(3, 1), 'acct1')).resolves.toBe('ok');
  const [sub] = stub.subscriptionsOf('acct1');
  expect(sub.planId).toBe('SIP_Services');
  expect(sub.status).toBe('Active');
  expect(sub.addOns).toEqual(
    expect.arrayContaining([
      { id: 'did_us', quantity: 3, amount: '1.00' },
      { id: 'tollfree_us', quantity: 1, amount: '5.00' },
    ]),
  );
  expect(sub.discounts).toEqual([{ id: 'discount_did_us', quantity: 2, amount: '0.50' }]);
});

test('a later sync updates the same subscription and removes what is no longer billed', async () => {
  await customerWithCard('acct2');
  const bk = braintreeBookkeeper({ credentials: stub.credentials() });
  await bk.sync(items(3, 1), 'acct2');
  await bk.sync(items(1, 0), 'acct2');
  const subs = stub.subscriptionsOf('acct2');
  expect(subs).toHaveLength(1);
  expect(subs[0].addOns).toEqual([{ id: 'did_us', quantity: 1, amount: '1.00' }]);
  expect(subs[0].discounts).toEqual([{ id: 'discount_did_us', quantity: 1, amount: '0.50' }]);
  expect(stub.callsTo('PUT', `/subscriptions/${subs[0].id}`)).toHaveLength(1);
});

test('billing items for a customer Braintree does not know is refused with no_payment_token', async () => {
  const bk = braintreeBookkeeper({ credentials: stub.credentials() });
  const err = await bk.sync(items(2), 'nobody').catch((e: unknown) => e);
  expect(isBookkeeperError(err) && err.reason).toBe('no_payment_token');
  // Nothing billed: nothing to refuse.
  await expect(bk.sync(items(0), 'nobody')).resolves.toBe('ok');
});

test('wrong credentials fail the sync (they are never taken for a missing customer)', async () => {
  const bk = braintreeBookkeeper({ credentials: { ...stub.credentials(), privateKey: 'wrong' } });
  await expect(bk.sync(items(1), 'acct1')).rejects.toThrow(/Authentication/);
});

test('cancel stops every live subscription of a deleted account', async () => {
  await customerWithCard('acct3');
  const bk = braintreeBookkeeper({ credentials: stub.credentials() });
  await bk.sync(items(2), 'acct3');
  await bk.cancel('acct3');
  expect(stub.subscriptionsOf('acct3').map((s) => s.status)).toEqual(['Canceled']);
});

test('queued charges become one sale per transaction code, and show up in transactions()', async () => {
  await customerWithCard('acct4');
  const bk = braintreeBookkeeper({ credentials: stub.credentials() });
  const acct = 'a'.repeat(32);
  await createBraintreeCustomer(stub.credentials(), acct);
  const txs = [
    newTransaction({ accountId: acct, type: 'debit', amount: 25_000, reason: 'activation_charges' }),
    newTransaction({ accountId: acct, type: 'debit', amount: 5_000, reason: 'activation_charges' }),
  ];
  await expect(bk.chargeTransactions(acct, txs)).resolves.toEqual([]);
  const sales = stub.transactions.filter((t) => t.customerId === acct);
  expect(sales.map((s) => [s.amount, s.purchaseOrderNumber])).toEqual([['3.00', '2001']]);
  const found = await bk.transactions(acct, gregorianNow() - 60, gregorianNow() + 60);
  expect(found.map((t) => [t.pvt_type, t.pvt_amount, t.pvt_code])).toEqual([['debit', 30_000, 2001]]);
  stub.failFor(acct);
  await expect(bk.chargeTransactions(acct, txs)).resolves.toHaveLength(2);
  stub.clearFailure(acct);
});
