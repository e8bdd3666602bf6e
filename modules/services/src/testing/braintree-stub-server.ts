// A local stand-in for the part of the Braintree gateway the bookkeeper uses: customers with a
// card, subscriptions with add-ons and discounts (add / update / remove), cancel, sales and the
// transaction search. It speaks the gateway's protocol as the official SDK does (JSON bodies with
// underscored keys in, typed XML out, Basic auth), records every call, and can be told to fail
// for one customer, so tests run the real SDK against it.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type braintree from 'braintree';
import { type BraintreeCredentials, braintreeGateway } from '../bookkeepers/braintree-bookkeeper';
import { toXml, type XmlValue, xmlDocument } from './braintree-xml';

/** Marks a route answer that is already an XML document. */
const RAW = '\0raw';

export interface RecordedCall {
  method: string;
  /** Path after /merchants/<merchant id>. */
  path: string;
  body: Record<string, unknown> | undefined;
}

export interface StubLine {
  id: string;
  quantity: number;
  amount: string;
}

export interface StubSubscription {
  id: string;
  planId: string;
  status: string;
  paymentMethodToken: string;
  customerId: string;
  addOns: StubLine[];
  discounts: StubLine[];
  price: string;
}

export interface StubTransaction {
  id: string;
  customerId: string;
  amount: string;
  type: string;
  status: string;
  purchaseOrderNumber?: string;
  createdAt: Date;
}

interface StubCustomer {
  id: string;
  firstName?: string;
  cards: { token: string; last4: string; expired: boolean; default: boolean }[];
}

export interface StubPlan {
  id: string;
  price?: string;
  /** Add-on ids set up in the gateway for this plan. */
  addOns: string[];
  discounts: string[];
}

type Json = Record<string, unknown>;

function rid(): string {
  return randomBytes(4).toString('hex');
}

function num(v: unknown, dflt: number): number {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : dflt;
}

class GatewayError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class BraintreeStubServer {
  readonly merchantId = `merchant_${rid()}`;
  readonly publicKey = `pub_${rid()}`;
  readonly privateKey = `priv_${rid()}`;
  readonly calls: RecordedCall[] = [];
  readonly customers = new Map<string, StubCustomer>();
  readonly subscriptions = new Map<string, StubSubscription>();
  readonly transactions: StubTransaction[] = [];
  readonly plans = new Map<string, StubPlan>();
  /** customer id -> HTTP status the gateway answers for anything about that customer. */
  readonly failures = new Map<string, number>();
  private server: Server | undefined;
  port = 0;

  /** Creates a plan as a merchant does in the Braintree control panel. */
  addPlan(plan: StubPlan): void {
    this.plans.set(plan.id, plan);
  }

  /** Makes every call about this customer fail with `status` (500 by default) until cleared. */
  failFor(customerId: string, status = 500): void {
    this.failures.set(customerId, status);
  }

  clearFailure(customerId: string): void {
    this.failures.delete(customerId);
  }

  /** Credentials pointing the SDK at this server. */
  credentials(): BraintreeCredentials {
    return { merchantId: this.merchantId, publicKey: this.publicKey, privateKey: this.privateKey, host: '127.0.0.1', port: this.port, ssl: false };
  }

  /** system_config braintree values pointing at this server. */
  configValues(): Record<string, unknown> {
    return { merchant_id: this.merchantId, public_key: this.publicKey, private_key: this.privateKey, host: '127.0.0.1', port: this.port, ssl: false };
  }

  callsTo(method: string, pathPrefix: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && c.path.startsWith(pathPrefix));
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    await new Promise<void>((resolve) => {
      s.close(() => resolve());
      s.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const send = (status: number, root?: string, value?: XmlValue) => {
      const body = root === RAW ? String(value) : root ? xmlDocument(root, value) : '';
      res.writeHead(status, { 'content-type': 'application/xml; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    };
    const expected = `Basic ${Buffer.from(`${this.publicKey}:${this.privateKey}`).toString('base64')}`;
    if (req.headers.authorization !== expected) return send(401);
    const prefix = `/merchants/${this.merchantId}`;
    const url = req.url ?? '';
    if (!url.startsWith(prefix)) return send(404);
    const path = url.slice(prefix.length).split('?')[0];
    let body: Json | undefined;
    try {
      body = text ? (JSON.parse(text) as Json) : undefined;
    } catch {
      return send(400);
    }
    this.calls.push({ method: req.method ?? 'GET', path, body });
    try {
      const [status, root, value] = this.route(req.method ?? 'GET', path, body ?? {});
      send(status, root, value);
    } catch (err) {
      if (err instanceof GatewayError) {
        if (err.status === 422) return send(422, 'api-error-response', { errors: { errors: [] }, message: err.message, params: {} });
        return send(err.status);
      }
      send(500);
    }
  }

  private guard(customerId: string | undefined): void {
    const status = customerId ? this.failures.get(customerId) : undefined;
    if (status) throw new GatewayError(status, `failure injected for customer ${customerId}`);
  }

  private route(method: string, path: string, body: Json): [number, string?, XmlValue?] {
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] === 'customers') {
      if (method === 'POST' && parts.length === 1) return [201, 'customer', this.customerXml(this.createCustomer((body.customer ?? {}) as Json))];
      const c = this.customers.get(parts[1] ?? '');
      this.guard(parts[1]);
      if (!c) throw new GatewayError(404, 'customer not found');
      if (method === 'GET') return [200, 'customer', this.customerXml(c)];
      if (method === 'DELETE') {
        this.customers.delete(c.id);
        return [200];
      }
    }
    if (parts[0] === 'subscriptions') {
      if (method === 'POST' && parts.length === 1) return [201, 'subscription', this.subscriptionXml(this.createSubscription((body.subscription ?? {}) as Json))];
      const s = this.subscriptions.get(parts[1] ?? '');
      if (!s) throw new GatewayError(404, 'subscription not found');
      this.guard(s.customerId);
      if (method === 'GET' && parts.length === 2) return [200, 'subscription', this.subscriptionXml(s)];
      if (method === 'PUT' && parts[2] === 'cancel') {
        if (s.status === 'Canceled') throw new GatewayError(422, 'Subscription has already been canceled.');
        s.status = 'Canceled';
        return [200, 'subscription', this.subscriptionXml(s)];
      }
      if (method === 'PUT' && parts.length === 2) {
        if (s.status === 'Canceled') throw new GatewayError(422, 'Subscription has been canceled and cannot be updated.');
        this.applyChanges(s, (body.subscription ?? {}) as Json);
        return [200, 'subscription', this.subscriptionXml(s)];
      }
    }
    if (parts[0] === 'transactions') {
      if (method === 'POST' && parts.length === 1) return [201, 'transaction', this.transactionXml(this.sale((body.transaction ?? {}) as Json))];
      if (method === 'POST' && parts[1] === 'advanced_search_ids') {
        const ids = this.searchTransactions((body.search ?? {}) as Json).map((t) => t.id);
        return [200, 'search-results', { pageSize: 50, ids }];
      }
      if (method === 'POST' && parts[1] === 'advanced_search') {
        const search = (body.search ?? {}) as Json;
        // The SDK sends `ids` as a plain list (multiple-value search node).
        const ids = search.ids;
        const wanted = new Set<string>(Array.isArray(ids) ? (ids as string[]) : (((ids as Json | undefined)?.in as string[] | undefined) ?? []));
        const found = this.transactions.filter((t) => wanted.has(t.id)).map((t) => toXml('transaction', this.transactionXml(t)));
        return [200, RAW, `<?xml version="1.0" encoding="UTF-8"?>\n<credit-card-transactions type="collection">${found.join('')}</credit-card-transactions>\n`];
      }
    }
    throw new GatewayError(404, `no route ${method} ${path}`);
  }

  private createCustomer(c: Json): StubCustomer {
    const id = typeof c.id === 'string' && c.id ? c.id : rid();
    if (this.customers.has(id)) throw new GatewayError(422, 'Customer ID has already been taken.');
    const card = (c.credit_card ?? c.creditCard) as Json | undefined;
    const customer: StubCustomer = { id, firstName: c.first_name as string | undefined, cards: [] };
    if (card || c.payment_method_nonce) {
      const number = String(card?.number ?? '4111111111111111');
      customer.cards.push({ token: `tok_${rid()}`, last4: number.slice(-4), expired: false, default: true });
    }
    this.customers.set(id, customer);
    return customer;
  }

  private createSubscription(s: Json): StubSubscription {
    const token = String(s.payment_method_token ?? '');
    const owner = [...this.customers.values()].find((c) => c.cards.some((card) => card.token === token));
    if (!owner) throw new GatewayError(422, 'Payment method token is invalid.');
    this.guard(owner.id);
    const planId = String(s.plan_id ?? '');
    const plan = this.plans.get(planId);
    if (!plan) throw new GatewayError(422, 'Plan ID is invalid.');
    const options = (s.options ?? {}) as Json;
    const inherit = options.do_not_inherit_add_ons_or_discounts !== true;
    const sub: StubSubscription = {
      id: rid(),
      planId,
      status: 'Active',
      paymentMethodToken: token,
      customerId: owner.id,
      addOns: inherit ? plan.addOns.map((id) => ({ id, quantity: 1, amount: '0.00' })) : [],
      discounts: inherit ? plan.discounts.map((id) => ({ id, quantity: 1, amount: '0.00' })) : [],
      price: plan.price ?? '0.00',
    };
    this.applyChanges(sub, s);
    this.subscriptions.set(sub.id, sub);
    return sub;
  }

  private applyChanges(sub: StubSubscription, s: Json): void {
    const plan = this.plans.get(sub.planId);
    const apply = (lines: StubLine[], changes: Json | undefined, known: string[] | undefined, what: string): StubLine[] => {
      let out = [...lines];
      for (const id of (changes?.remove as string[] | undefined) ?? []) {
        if (!out.some((l) => l.id === id)) throw new GatewayError(422, `${what} ${id} is not on the subscription.`);
        out = out.filter((l) => l.id !== id);
      }
      for (const u of (changes?.update as Json[] | undefined) ?? []) {
        const line = out.find((l) => l.id === u.existing_id);
        if (!line) throw new GatewayError(422, `${what} ${String(u.existing_id)} is not on the subscription.`);
        line.quantity = num(u.quantity, line.quantity);
        if (u.amount !== undefined) line.amount = String(u.amount);
      }
      for (const a of (changes?.add as Json[] | undefined) ?? []) {
        const id = String(a.inherited_from_id ?? '');
        if (known && !known.includes(id)) throw new GatewayError(422, `Inherited From ID ${id} is invalid.`);
        if (out.some((l) => l.id === id)) throw new GatewayError(422, `Cannot add duplicate ${what} ${id}.`);
        out.push({ id, quantity: num(a.quantity, 1), amount: String(a.amount ?? '0.00') });
      }
      for (const l of out) if (l.quantity <= 0) throw new GatewayError(422, `${what} quantity must be greater than zero.`);
      return out;
    };
    sub.addOns = apply(sub.addOns, s.add_ons as Json | undefined, plan?.addOns, 'Add-on');
    sub.discounts = apply(sub.discounts, s.discounts as Json | undefined, plan?.discounts, 'Discount');
  }

  private sale(t: Json): StubTransaction {
    const customerId = String(t.customer_id ?? '');
    this.guard(customerId);
    if (!this.customers.has(customerId)) throw new GatewayError(422, 'Customer ID is invalid.');
    const tx: StubTransaction = {
      id: rid(),
      customerId,
      amount: String(t.amount ?? '0.00'),
      type: String(t.type ?? 'sale'),
      status: 'submitted_for_settlement',
      purchaseOrderNumber: t.purchase_order_number as string | undefined,
      createdAt: new Date(),
    };
    this.transactions.push(tx);
    return tx;
  }

  private searchTransactions(search: Json): StubTransaction[] {
    const customer = ((search.customer_id as Json | undefined)?.is as string | undefined) ?? undefined;
    const created = (search.created_at ?? {}) as { min?: string; max?: string };
    return this.transactions.filter(
      (t) =>
        (!customer || t.customerId === customer) &&
        (!created.min || t.createdAt >= new Date(created.min)) &&
        (!created.max || t.createdAt <= new Date(created.max)),
    );
  }

  /** Live subscriptions of a customer. */
  subscriptionsOf(customerId: string): StubSubscription[] {
    return [...this.subscriptions.values()].filter((s) => s.customerId === customerId);
  }

  private customerXml(c: StubCustomer): XmlValue {
    return {
      id: c.id,
      firstName: c.firstName ?? null,
      createdAt: new Date(),
      addresses: [],
      creditCards: c.cards.map((card) => ({
        token: card.token,
        last4: card.last4,
        bin: '411111',
        expirationMonth: '12',
        expirationYear: '2099',
        default: card.default,
        expired: card.expired,
        customerId: c.id,
        subscriptions: this.subscriptionsOf(c.id)
          .filter((s) => s.paymentMethodToken === card.token)
          .map((s) => this.subscriptionXml(s)),
      })),
    };
  }

  private subscriptionXml(s: StubSubscription): { [key: string]: XmlValue } {
    const line = (l: StubLine) => ({ id: l.id, amount: l.amount, quantity: l.quantity, neverExpires: true });
    return {
      id: s.id,
      planId: s.planId,
      status: s.status,
      paymentMethodToken: s.paymentMethodToken,
      price: s.price,
      balance: '0.00',
      addOns: s.addOns.map(line),
      discounts: s.discounts.map(line),
      transactions: [],
      statusHistory: [],
    };
  }

  private transactionXml(t: StubTransaction): { [key: string]: XmlValue } {
    return {
      id: t.id,
      type: t.type,
      status: t.status,
      amount: t.amount,
      currencyIsoCode: 'USD',
      customer: { id: t.customerId },
      processorResponseCode: '1000',
      processorResponseText: 'Approved',
      purchaseOrderNumber: t.purchaseOrderNumber ?? null,
      createdAt: t.createdAt,
      updatedAt: t.createdAt,
      addOns: [],
      discounts: [],
      statusHistory: [],
    };
  }
}

export async function startBraintreeStub(): Promise<BraintreeStubServer> {
  return new BraintreeStubServer().start();
}

/** A new customer with its card. The SDK's type asks the nested card for a customerId, which the gateway refuses there. */
type NewCustomerWithCard = Omit<braintree.CustomerCreateRequest, 'creditCard'> & { creditCard: Omit<braintree.CreditCardCreateRequest, 'customerId'> };

/** Creates a customer with a card through the SDK, as a portal does when a customer adds a card. */
export async function createBraintreeCustomer(creds: BraintreeCredentials, id: string): Promise<void> {
  const request: NewCustomerWithCard = { id, creditCard: { number: '4111111111111111', expirationDate: '12/2099' } };
  const res = await braintreeGateway(creds).customer.create(request as braintree.CustomerCreateRequest);
  if (!res.success) throw new Error(`could not create braintree customer ${id}: ${res.message}`);
}
