// One batch of finished calls (CHANNEL_DESTROY events, already valid): each call priced for its
// customer and its reseller (rates asked of rating, all at once), its ledger entries and CDR
// built by @tollgate/calls, then everything written once through it (`_bulk_docs` per db). A call
// that cannot be priced (a malformed event) is logged and left out; a write that fails throws,
// and the batcher writes the same batch again.
import { type CallCharge, type CdrBilling, type CdrWrite, type ChargeSettings, cdrDocOf, cdrIgnored, chargeCall, type FinishedCall, finishedCallOf, PER_MINUTE, recordCharges, type RecordedCharges } from '@tollgate/calls';
import type { SystemConfig } from '@tollgate/config';
import type { Bus, KazooMessage } from '@tollgate/kazoo-bus';
import type { Couch } from '@tollgate/kazoo-db';
import { createLogger } from '@tollgate/log';
import { onceEach, type RateLookup } from './channel-destroy-rates';

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
}

interface Priced {
  event: KazooMessage;
  call: FinishedCall;
  charge?: CallCharge;
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

/** The call priced; the lookups' failures (CouchDB away) throw, so the batch is tried again. */
async function priceCall(deps: ChannelDestroyDeps, rates: RateLookup, event: KazooMessage, read: FinishedCall): Promise<Priced> {
  const call = await withReseller(deps, read);
  if (!call.accountId) return { event, call };
  const query = { number: call.number ?? '', direction: call.direction, from: call.callerIdNumber, resourceId: call.resourceId, durationSeconds: Math.max(0, call.billingSeconds) };
  const asking = needsRates(call);
  const hasReseller = call.resellerId !== undefined && call.resellerId !== call.accountId;
  const [customer, reseller, customerName] = await Promise.all([
    asking ? rates({ ...query, accountId: call.accountId }) : undefined,
    asking && hasReseller ? rates({ ...query, accountId: call.resellerId as string }) : undefined,
    call.accountBilling === PER_MINUTE || hasReseller ? deps.accounts.name(call.accountId) : undefined,
  ]);
  try {
    return { event, call, charge: chargeCall(call, { customer, reseller }, { customerName }) };
  } catch (err) {
    log.error('dropping a CHANNEL_DESTROY that cannot be priced', { callId: call.callId, error: err instanceof Error ? err.message : String(err) });
    return { event, call };
  }
}

function billingOf(charge: CallCharge): CdrBilling {
  const billing: CdrBilling = { sell: charge.sell.units, rate_source: charge.sell.source, billed_seconds: charge.sell.billedSeconds };
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
  const rates = onceEach(deps.rates);
  const priced = await Promise.all(
    events.map((event) => {
      const call = readCall(event);
      return call ? priceCall(deps, rates, event, call) : undefined;
    }),
  );
  const charges: CallCharge[] = [];
  const cdrs: CdrWrite[] = [];
  for (const p of priced) {
    if (!p) continue;
    if (p.charge) charges.push(p.charge);
    const cdr = cdrOf(deps, p);
    if (cdr) cdrs.push(cdr);
  }
  return recordCharges({ couch: deps.couch, bus: deps.bus, config: deps.config }, charges, cdrs);
}
