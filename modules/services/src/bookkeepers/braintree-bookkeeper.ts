// kz_bookkeeper_braintree with the official Braintree SDK: the customer is the billing account id;
// every item mapped in the plan's `bookkeepers.braintree` section becomes an add-on (its quantity
// and rate) on a subscription to the mapped Braintree plan, with its single and cumulative
// discounts. Amounts are sent from the plan, overriding those set in Braintree, as Kazoo does.
// Add-ons and discounts no longer billed are removed from the subscription.
import braintree from 'braintree';
import { type Decimal, dollarsToUnits, unitsToDecimal } from '@tollgate/money';
import { fromGregorian, toGregorian } from '@tollgate/kazoo-db';
import { newTransaction, type Transaction } from '@tollgate/ledger';
import { createLogger } from '@tollgate/log';
import type { ServiceItem } from '../pricing/create-items';
import { type Bookkeeper, BookkeeperError, type BookkeeperSyncResult } from './bookkeeper';

const log = createLogger('bookkeeper-braintree');

export interface BraintreeCredentials {
  merchantId: string;
  publicKey: string;
  privateKey: string;
  /** `sandbox` (default) or `production`; or a host of your own (a gateway stand-in in tests). */
  environment?: string;
  host?: string;
  port?: number;
  ssl?: boolean;
}

export function braintreeGateway(creds: BraintreeCredentials): braintree.BraintreeGateway {
  let environment: braintree.Environment;
  if (creds.host) {
    environment = new braintree.Environment(creds.host, String(creds.port ?? (creds.ssl ? 443 : 80)), '', creds.ssl === true, '', '');
  } else {
    environment = creds.environment === 'production' ? braintree.Environment.Production : braintree.Environment.Sandbox;
  }
  return new braintree.BraintreeGateway({ environment, merchantId: creds.merchantId, publicKey: creds.publicKey, privateKey: creds.privateKey });
}

/** Braintree takes amounts with two decimals. */
function braintreeAmount(d: Decimal): string {
  return d.toFixed(2);
}

interface Wanted {
  quantity: number;
  amount: string;
}

interface PlanChanges {
  addOns: Map<string, Wanted>;
  discounts: Map<string, Wanted>;
}

/** Groups the mapped items by Braintree plan: add-ons and discounts with their quantities and amounts. */
function braintreeChanges(items: readonly ServiceItem[]): Map<string, PlanChanges> {
  const plans = new Map<string, PlanChanges>();
  for (const item of items) {
    const map = item.bookkeepers.braintree;
    if (!map?.plan || !map.addon) continue;
    const plan = plans.get(map.plan) ?? { addOns: new Map(), discounts: new Map() };
    plans.set(map.plan, plan);
    plan.addOns.set(map.addon, { quantity: item.quantity, amount: braintreeAmount(item.rate) });
    const single = map.discounts?.single;
    if (single && item.singleDiscountRate && item.quantity > 0) plan.discounts.set(single, { quantity: 1, amount: braintreeAmount(item.singleDiscountRate) });
    const cumulative = map.discounts?.cumulative;
    if (cumulative && item.cumulativeDiscountRate && item.cumulativeDiscountQuantity > 0) {
      plan.discounts.set(cumulative, { quantity: item.cumulativeDiscountQuantity, amount: braintreeAmount(item.cumulativeDiscountRate) });
    }
  }
  return plans;
}

interface ExistingLine {
  id: string;
}

type ChangeSet<TAdd, TUpdate> = { add?: TAdd[]; update?: TUpdate[]; remove?: string[] };

/** Kazoo's create_addon_changes: update what the subscription has, add what it lacks, remove what is no longer billed. */
function lineChanges(existing: readonly ExistingLine[], wanted: Map<string, Wanted>): ChangeSet<
  { inheritedFromId: string; quantity: number; amount: string },
  { existingId: string; quantity: number; amount: string }
> {
  const add: { inheritedFromId: string; quantity: number; amount: string }[] = [];
  const update: { existingId: string; quantity: number; amount: string }[] = [];
  const remove: string[] = [];
  const have = new Set(existing.map((e) => e.id));
  for (const [id, w] of wanted) {
    if (w.quantity <= 0) {
      if (have.has(id)) remove.push(id);
    } else if (have.has(id)) update.push({ existingId: id, quantity: w.quantity, amount: w.amount });
    else add.push({ inheritedFromId: id, quantity: w.quantity, amount: w.amount });
  }
  for (const id of have) if (!wanted.has(id)) remove.push(id);
  const out: ChangeSet<{ inheritedFromId: string; quantity: number; amount: string }, { existingId: string; quantity: number; amount: string }> = {};
  if (add.length) out.add = add;
  if (update.length) out.update = update;
  if (remove.length) out.remove = remove;
  return out;
}

const LIVE_STATUSES = ['Active', 'Pending', 'Past Due'];

interface CustomerSubscription {
  id: string;
  planId: string;
  status: string;
  addOns?: { id: string }[];
  discounts?: { id: string }[];
}

/** What is read of a customer's payment methods: fields every kind Braintree returns has, which the SDK's union type does not share. */
interface StoredPaymentMethod {
  token?: string;
  default?: boolean;
  expired?: boolean;
  subscriptions?: CustomerSubscription[];
}

function paymentMethodsOf(customer: braintree.Customer): StoredPaymentMethod[] {
  return (customer.paymentMethods ?? []) as StoredPaymentMethod[];
}

function subscriptionsOf(customer: braintree.Customer): CustomerSubscription[] {
  return paymentMethodsOf(customer).flatMap((m) => m.subscriptions ?? []);
}

function defaultMethod(customer: braintree.Customer): StoredPaymentMethod | undefined {
  const methods = paymentMethodsOf(customer);
  return methods.find((m) => m.default) ?? methods[0];
}

function isNotFoundError(err: unknown): boolean {
  return (err as { type?: string; name?: string })?.type === 'notFoundError' || (err as { name?: string })?.name === 'notFoundError';
}

function failure(result: { success: boolean; message?: string }, what: string): BookkeeperError {
  return new BookkeeperError('braintree_error', `${what}: ${result.message ?? 'refused by the gateway'}`, result);
}

export interface BraintreeBookkeeperOptions {
  credentials: BraintreeCredentials;
  /** Braintree's prorate_charges option on subscription updates (Kazoo's braintree should_prorate). */
  prorate?: boolean;
}

export function braintreeBookkeeper(opts: BraintreeBookkeeperOptions): Bookkeeper {
  const gateway = braintreeGateway(opts.credentials);

  async function findCustomer(id: string): Promise<braintree.Customer | undefined> {
    try {
      return await gateway.customer.find(id);
    } catch (err) {
      if (isNotFoundError(err)) return undefined;
      throw err;
    }
  }

  async function syncPlan(customer: braintree.Customer, planId: string, changes: PlanChanges): Promise<void> {
    const live = subscriptionsOf(customer).find((s) => s.planId === planId && LIVE_STATUSES.includes(s.status));
    const addOns = lineChanges(live?.addOns ?? [], changes.addOns);
    const discounts = lineChanges(live?.discounts ?? [], changes.discounts);
    if (live) {
      const result = await gateway.subscription.update(live.id, {
        addOns,
        discounts,
        ...(opts.prorate === undefined ? {} : { options: { prorateCharges: opts.prorate } }),
      });
      if (!result.success) throw failure(result, `updating subscription ${live.id} (plan ${planId})`);
      return;
    }
    if (!addOns.add?.length) return; // nothing billed on this plan: no subscription to start
    const token = defaultMethod(customer)?.token;
    if (!token) throw new BookkeeperError('no_payment_token', `braintree customer ${customer.id} has no payment method`);
    const result = await gateway.subscription.create({
      paymentMethodToken: token,
      planId,
      addOns: { add: addOns.add },
      discounts: { add: discounts.add ?? [] },
      // The plan's own add-ons would otherwise be inherited beside ours (Braintree refuses duplicates).
      options: { doNotInheritAddOnsOrDiscounts: true },
    });
    if (!result.success) throw failure(result, `creating a subscription to plan ${planId}`);
  }

  return {
    type: 'braintree',
    async isGoodStanding(accountId) {
      const customer = await findCustomer(accountId);
      if (!customer) return false;
      const card = defaultMethod(customer);
      return !!card && card.expired !== true;
    },
    async sync(items, billingId): Promise<BookkeeperSyncResult> {
      const changes = braintreeChanges(items);
      const customer = await findCustomer(billingId);
      if (!customer) {
        const billable = [...changes.values()].some((c) => [...c.addOns.values()].some((a) => a.quantity > 0));
        if (!billable) return 'ok';
        throw new BookkeeperError('no_payment_token', `no braintree customer ${billingId}: the account has no payment method on file`);
      }
      // Plans the customer is subscribed to that no item maps any more lose their add-ons.
      for (const s of subscriptionsOf(customer)) {
        if (LIVE_STATUSES.includes(s.status) && !changes.has(s.planId)) changes.set(s.planId, { addOns: new Map(), discounts: new Map() });
      }
      for (const [planId, c] of changes) await syncPlan(customer, planId, c);
      return 'ok';
    },
    async transactions(accountId, from, to) {
      const found: Transaction[] = [];
      const stream = gateway.transaction.search((search: { customerId: () => { is(v: string): void }; createdAt: () => { between(a: Date, b: Date): void } }) => {
        search.customerId().is(accountId);
        search.createdAt().between(fromGregorian(from), fromGregorian(to));
      });
      for await (const t of stream as AsyncIterable<{ id: string; amount: string; type: string; createdAt: string; purchaseOrderNumber?: string; status: string }>) {
        const amount = dollarsToUnits(t.amount);
        if (amount <= 0) continue;
        const tx = newTransaction({
          accountId,
          type: t.type === 'sale' ? 'debit' : 'credit',
          amount,
          reason: 'unknown',
          description: 'braintree transaction',
          id: t.id,
          now: toGregorian(new Date(t.createdAt)),
          metadata: { bookkeeper: 'braintree', status: t.status },
        });
        if (t.purchaseOrderNumber && /^\d+$/.test(t.purchaseOrderNumber)) tx.pvt_code = Number(t.purchaseOrderNumber);
        found.push(tx);
      }
      return found;
    },
    async chargeTransactions(billingId, transactions) {
      const byCode = new Map<number, Transaction[]>();
      for (const t of transactions) byCode.set(t.pvt_code, [...(byCode.get(t.pvt_code) ?? []), t]);
      const failed: Transaction[] = [];
      for (const [code, txs] of byCode) {
        const amount = txs.reduce((s, t) => s + (t.pvt_type === 'debit' ? t.pvt_amount : 0), 0);
        if (amount <= 0) continue;
        try {
          const result = await gateway.transaction.sale({
            customerId: billingId,
            amount: braintreeAmount(unitsToDecimal(amount)),
            purchaseOrderNumber: String(code),
            options: { submitForSettlement: true },
          });
          const code2 = Number((result as { transaction?: { processorResponseCode?: string } }).transaction?.processorResponseCode ?? '9999');
          if (!result.success || !(code2 < 2000)) failed.push(...txs.map((t) => ({ ...t, failed_reason: result.message ?? 'declined' })));
        } catch (err) {
          log.warn('braintree sale failed', { billingId, code, error: (err as Error).message });
          failed.push(...txs);
        }
      }
      return failed;
    },
    async cancel(billingId) {
      const customer = await findCustomer(billingId);
      if (!customer) return;
      for (const s of subscriptionsOf(customer)) {
        if (!LIVE_STATUSES.includes(s.status)) continue;
        const result = await gateway.subscription.cancel(s.id);
        if (!result.success) throw failure(result, `cancelling subscription ${s.id}`);
      }
    },
  };
}

