// One batch of finished calls (CHANNEL_DESTROY events, already valid): each call priced for its
// customer and its reseller (rates asked of rating, all at once), its ledger entries and CDR
// built by @tollgate/calls, then everything written once through it (`_bulk_docs` per db). A call
// that cannot be priced (a malformed event) is logged and left out; a write that fails throws,
// and the batcher writes the same batch again.
import {
  type AllotmentPlan,
  type AllotmentUsage,
  type CallCharge,
  type CdrBilling,
  type CdrWrite,
  type ChargeSettings,
  cdrDocOf,
  cdrIgnored,
  chargeCall,
  customerPrice,
  type ExactRate,
  type FinishedCall,
  finishedCallOf,
  isPerMinute,
  recordCharges,
  type RecordedCharges,
  saveConsumptions,
} from '@tollgate/calls';
import type { SystemConfig } from '@tollgate/config';
import type { Bus, KazooMessage } from '@tollgate/kazoo-bus';
import type { Couch } from '@tollgate/kazoo-db';
import { createLogger } from '@tollgate/log';
import { classifierFor, numbersSettings } from '@tollgate/numbers';
import type { DidRateLookup } from './channel-destroy-did-rates';
import { lookupOnce, type RateLookup, type RateQuery } from './channel-destroy-rates';

const log = createLogger('charging');

/** What charging reads of accounts: a customer's name (on its ledger entries), an account's reseller when the CCVs do not say. */
export interface AccountFacts {
  name(accountId: string): Promise<string | undefined>;
  resellerOf(accountId: string): Promise<string | undefined>;
}

export interface ChannelDestroyDeps {
  couch: Couch;
  bus: Bus;
  config: SystemConfig;
  node: string;
  settings: () => ChargeSettings;
  rates: RateLookup;
  accounts: AccountFacts;
  /** DID fees' incoming per-minute rates; without it incoming calls are priced as the switch said. */
  didRates?: DidRateLookup;
  /** Free minutes (allotments); without it no call draws on any. */
  allotments?: AllotmentUsage;
  /** Told the MODBs a batch wrote CDRs into (the reports' cache warmer). */
  cdrsWritten?: (dbs: ReadonlySet<string>) => void;
}

interface Priced {
  event: KazooMessage;
  call: FinishedCall;
  charge?: CallCharge;
  allotment?: AllotmentPlan;
}

/** Whether the call needs a price at all: an account and some billing seconds on a non-zero rate. */
function needsRates(call: FinishedCall): boolean {
  return call.accountId !== undefined && call.number !== undefined && call.billingSeconds > 0 && call.rate.rateUnits > 0;
}

async function withReseller(deps: ChannelDestroyDeps, call: FinishedCall): Promise<FinishedCall> {
  if (!call.accountId || call.resellerId) return call;
  // j5_request:ccv_reseller_id: the account's reseller when the CCVs do not name one.
  return { ...call, resellerId: await deps.accounts.resellerOf(call.accountId) };
}

/** kapps_call_util's work on one event: a throw here means the event itself is malformed. */
function readCall(event: KazooMessage): FinishedCall | undefined {
  try {
    const call = finishedCallOf(event);
    if (call.unreadable.length > 0) log.warn('CHANNEL_DESTROY with unreadable CCVs (read as missing)', { callId: call.callId, ccvs: call.unreadable });
    return call;
  } catch (err) {
    log.error('dropping a CHANNEL_DESTROY that cannot be read', { callId: event['Call-ID'], error: err instanceof Error ? err.message : String(err) });
    return undefined;
  }
}

interface ToPrice {
  event: KazooMessage;
  call: FinishedCall;
  customerQuery?: number;
  resellerQuery?: number;
}

/** The questions a call asks rating (indexes into `queries`): its account's rate, its reseller's. */
function askFor(call: FinishedCall, queries: RateQuery[]): Pick<ToPrice, 'customerQuery' | 'resellerQuery'> {
  if (!call.accountId || !needsRates(call)) return {};
  const base = { number: call.number ?? '', direction: call.direction, from: call.callerIdNumber, resourceId: call.resourceId, durationSeconds: Math.max(0, call.billingSeconds) };
  const customerQuery = queries.push({ ...base, accountId: call.accountId }) - 1;
  if (!call.resellerId || call.resellerId === call.accountId) return { customerQuery };
  return { customerQuery, resellerQuery: queries.push({ ...base, accountId: call.resellerId }) - 1 };
}

/** The calls priced: reseller ids and names read (a failure throws: the batch is tried again), rates asked all at once. */
async function priceCalls(deps: ChannelDestroyDeps, read: { event: KazooMessage; call: FinishedCall }[]): Promise<Priced[]> {
  const queries: RateQuery[] = [];
  const toPrice: ToPrice[] = [];
  for (const { event, call } of read) {
    const withIds = await withReseller(deps, call);
    toPrice.push({ event, call: withIds, ...askFor(withIds, queries) });
  }
  const [rates, names] = await Promise.all([lookupOnce(deps.rates, queries), customerNames(deps, toPrice)]);
  const dids = await didRatesOf(deps, toPrice);
  const ratesOf = (t: ToPrice) => ({
    customer: t.customerQuery === undefined ? undefined : rates[t.customerQuery],
    reseller: t.resellerQuery === undefined ? undefined : rates[t.resellerQuery],
    did: dids.get(t.call.callId),
  });
  const plans = await allotmentPlans(deps, toPrice, ratesOf);
  return toPrice.map((t) => {
    const { event, call } = t;
    if (!call.accountId) return { event, call };
    const plan = plans.get(call.callId);
    const allotment = plan ? { key: plan.allotment.key, consumed: plan.consumption.consumed, covered: plan.consumption.covered } : undefined;
    try {
      return { event, call, allotment: plan, charge: chargeCall(call, ratesOf(t), { customerName: names.get(call.accountId), allotment }) };
    } catch (err) {
      log.error('dropping a CHANNEL_DESTROY that cannot be priced', { callId: call.callId, error: err instanceof Error ? err.message : String(err) });
      return { event, call };
    }
  });
}

/**
 * Free minutes: the calls the customer would pay for per minute (billed per minute, a price above
 * zero) go, in order, against their account's allotment (@tollgate/calls AllotmentUsage).
 */
async function allotmentPlans(deps: ChannelDestroyDeps, calls: readonly ToPrice[], ratesOf: (t: ToPrice) => { customer?: ExactRate; did?: ExactRate }): Promise<Map<string, AllotmentPlan>> {
  const usage = deps.allotments;
  if (!usage) return new Map();
  const chargeable = calls.filter((t) => {
    if (!t.call.accountId || !isPerMinute(t.call.accountBilling) || t.call.billingSeconds <= 0) return false;
    try {
      const r = ratesOf(t);
      return customerPrice(t.call, r.customer, 0, r.did).units > 0;
    } catch {
      return false; // priced (and dropped, logged) below
    }
  });
  if (chargeable.length === 0) return new Map();
  const { classifiers } = (await numbersSettings(deps.config)).current;
  return usage.plan(
    chargeable.map((t) => ({
      call: t.call,
      classification: t.call.number ? classifierFor(t.call.number, classifiers)?.name : undefined,
      country: ratesOf(t).customer?.isoCountryCode,
    })),
  );
}

/** DID fees: the incoming calls billed per minute on a number with a DID rate, by call id. */
async function didRatesOf(deps: ChannelDestroyDeps, calls: readonly ToPrice[]): Promise<Map<string, ExactRate>> {
  const out = new Map<string, ExactRate>();
  const lookup = deps.didRates;
  if (!lookup) return out;
  await Promise.all(
    calls.map(async ({ call }) => {
      if (call.direction !== 'inbound' || !call.accountId || !call.number || call.billingSeconds <= 0 || !isPerMinute(call.accountBilling)) return;
      const rate = await lookup(call.accountId, call.resellerId, call.number);
      if (rate) out.set(call.callId, rate);
    }),
  );
  return out;
}

/** The names of the customers whose entries this batch writes (kz_ledger:set_account). */
async function customerNames(deps: ChannelDestroyDeps, calls: readonly ToPrice[]): Promise<Map<string, string | undefined>> {
  const ids = new Set<string>();
  for (const { call } of calls) {
    if (call.accountId && (isPerMinute(call.accountBilling) || (call.resellerId && call.resellerId !== call.accountId))) ids.add(call.accountId);
  }
  const names = await Promise.all([...ids].map(async (id) => [id, await deps.accounts.name(id)] as const));
  return new Map(names);
}

function billingOf(charge: CallCharge): CdrBilling {
  const billing: CdrBilling = { sell: charge.sell.units, rate_source: charge.sell.source, billed_seconds: charge.sell.billedSeconds };
  if (charge.allotment) {
    billing.allotment = charge.allotment.key;
    billing.allotment_seconds = charge.allotment.consumed;
  }
  if (charge.cost) {
    billing.cost = charge.cost.units;
    billing.cost_source = charge.cost.source;
    billing.reseller_id = charge.call.resellerId;
    billing.profit = charge.profit;
  }
  return billing;
}

function cdrOf(deps: ChannelDestroyDeps, p: Priced): CdrWrite | undefined {
  const s = deps.settings().cdr;
  const ignored = cdrIgnored(p.event, s);
  if (ignored) {
    log.debug(ignored, { callId: p.call.callId });
    return undefined;
  }
  if (!p.call.accountId && !s.storeAnonymous) return undefined;
  return cdrDocOf(p.event, p.call.accountId, { node: deps.node, billing: p.charge ? billingOf(p.charge) : undefined });
}

/** Prices, builds and writes one batch; what it newly debited per account. */
export async function chargeBatch(deps: ChannelDestroyDeps, events: readonly KazooMessage[]): Promise<RecordedCharges> {
  const read: { event: KazooMessage; call: FinishedCall }[] = [];
  for (const event of events) {
    const call = readCall(event);
    if (call) read.push({ event, call });
  }
  const priced = await priceCalls(deps, read);
  const charges: CallCharge[] = [];
  const cdrs: CdrWrite[] = [];
  const plans: AllotmentPlan[] = [];
  for (const p of priced) {
    if (p.charge) charges.push(p.charge);
    if (p.charge?.allotment && p.allotment) plans.push(p.allotment);
    const cdr = cdrOf(deps, p);
    if (cdr) cdrs.push(cdr);
  }
  const writer = { couch: deps.couch, bus: deps.bus, config: deps.config };
  // Free seconds first: once a call's consumption is written, any later try charges it the same.
  if (plans.length > 0) await saveConsumptions(writer, plans.map((p) => p.write));
  const recorded = await recordCharges(writer, charges, cdrs);
  deps.allotments?.written(plans);
  if (cdrs.length > 0) deps.cdrsWritten?.(new Set(cdrs.map((c) => c.db)));
  return recorded;
}
