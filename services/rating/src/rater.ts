// hon_rater:get_rate_data: a rate request in, the rate to use (or why there is none) out. Deck
// choice, index lookup, filters and sort; no I/O unless a deck has to be waited for.
import { parseAccountRef } from '@tollgate/kazoo-db';
import { DEFAULT_E164_CONVERTERS, toE164 } from '@tollgate/numbers';
import { type AccountRatedeckLookup, chooseRatedeck, type DeckChoice, deckServesAccount } from '@tollgate/ratedecks';
import type { HotornotSettings } from './config';
import { buildFilters, type FilterContext, type FilterRequest } from './domain/rate-filters';
import { canonicalPrefix, type RateRecord, rateFields } from './domain/rate-record';
import { type CandidateVerdict, selectRate } from './domain/select-rate';
import type { RatedeckSource } from './store/ratedecks';

export interface RateQuery {
  toDid: string;
  accountId?: string;
  ratedeckId?: string;
  direction?: string;
  fromDid?: string;
  options?: readonly string[];
  outboundFlags?: readonly string[];
  resourceId?: string;
  authorizingType?: string;
}

/** `?explain=true`: how the answer came about (Kazoo has nothing like it). */
export interface Explain {
  number: { given: string; e164: string };
  mobile_rate?: boolean;
  ratedeck?: {
    id: string;
    reason: DeckChoice['reason'];
    because: string;
    account_id?: string;
    reseller_id?: string;
    /** The package whose derived deck this is (seed 003), in words. */
    package?: string;
    indexed: boolean;
    rates?: number;
    /** The deck's active version the rates came from (absent: the deck's own db). */
    version?: number;
  };
  filters: string[];
  sort_by: 'weight' | 'cost';
  candidates: Record<string, unknown>[];
}

export type RateOutcome =
  | { kind: 'rated'; e164: string; accountId?: string; rate: RateRecord; explain?: Explain }
  | { kind: 'no_rate'; e164: string; accountId?: string; reason: string; explain?: Explain };

export interface RaterDeps {
  settings: () => HotornotSettings;
  decks: RatedeckSource;
  /** Each account's ratedeck and reseller (the services view, from memory). */
  services: AccountRatedeckLookup;
}

function describe(v: CandidateVerdict): Record<string, unknown> {
  const r = v.rate;
  const out: Record<string, unknown> = { id: r.id, prefix: r.prefix };
  if (r.rateName !== undefined) out.rate_name = r.rateName;
  if (r.description !== undefined) out.description = r.description;
  if (r.rateCost !== undefined) out.rate_cost = r.rateCost;
  if (r.weight !== undefined) out.weight = r.weight;
  if (r.direction !== undefined) out.direction = r.direction;
  if (r.routes !== undefined) out.routes = r.routes;
  if (r.options !== undefined) out.options = r.options;
  if (v.droppedBy !== undefined) out.dropped_by = v.droppedBy;
  if (v.selected) out.selected = true;
  return out;
}

export class Rater {
  constructor(private readonly deps: RaterDeps) {}

  /** The E.164 form hotornot rates (knm_converters:normalize with number_manager's converters). */
  normalize(number: string): string {
    return toE164(number, this.deps.settings().e164Converters ?? DEFAULT_E164_CONVERTERS);
  }

  /** `servicesOf` replaces the services lookup for this one request (rates/number reads fresh docs). */
  async rate(q: RateQuery, explain = false, servicesOf: RaterDeps['services'] = this.deps.services): Promise<RateOutcome> {
    const s = this.deps.settings();
    const e164 = this.normalize(q.toDid);
    const digits = e164.replace(/\D/g, '');
    const accountId = q.accountId === undefined ? undefined : (parseAccountRef(q.accountId)?.accountId ?? q.accountId);
    const sortBy = s.sortByWeight ? 'weight' : 'cost';
    const trace: Explain | undefined = explain ? { number: { given: q.toDid, e164 }, filters: s.filterList, sort_by: sortBy, candidates: [] } : undefined;

    if (q.authorizingType === 'mobile') {
      if (trace) trace.mobile_rate = true;
      if (!s.mobileRate) return { kind: 'no_rate', e164, accountId, reason: 'mobile call and system_config hotornot mobile_rate is not set', explain: trace };
      const rate = rateFields(s.mobileRate, 'mobile_rate', canonicalPrefix(s.mobileRate.prefix) ?? '');
      return { kind: 'rated', e164, accountId, rate, explain: trace };
    }
    if (e164.length <= 1 || digits.length === 0) return { kind: 'no_rate', e164, accountId, reason: `DID ${q.toDid} is too short`, explain: trace };

    const choice = chooseRatedeck({ accountId, ratedeckId: q.ratedeckId }, servicesOf, s.defaultRatedeck);
    const index = this.deps.decks.current(choice.ratedeckId) ?? (await this.deps.decks.indexFor(choice.ratedeckId, s.deckWaitMs));
    if (trace) {
      trace.ratedeck = { id: choice.ratedeckId, reason: choice.reason, because: choice.because, indexed: index !== undefined };
      if (choice.accountId) trace.ratedeck.account_id = choice.accountId;
      if (choice.resellerId) trace.ratedeck.reseller_id = choice.resellerId;
      if (choice.package) trace.ratedeck.package = choice.package;
      if (index) trace.ratedeck.rates = index.size;
      if (index?.version !== undefined) trace.ratedeck.version = index.version;
    }
    if (!index) return { kind: 'no_rate', e164, accountId, reason: `ratedeck ${choice.ratedeckId} does not exist`, explain: trace };
    if (choice.reason !== 'default' && !deckServesAccount(index.owner, accountId, servicesOf)) {
      if (trace?.ratedeck) trace.ratedeck.rates = undefined;
      return {
        kind: 'no_rate',
        e164,
        accountId,
        reason: `ratedeck ${choice.ratedeckId} belongs to a reseller that account ${accountId} is not under, so it does not rate the account`,
        explain: trace,
      };
    }

    const own = accountId === undefined ? undefined : servicesOf(accountId);
    const ctx: FilterContext = { accountRatedeckName: own?.ratedeckName, resellerId: own?.resellerId, rateVersion: s.rateVersion };
    const routeOptions = [...(q.options ?? []), ...(q.outboundFlags ?? [])];
    if (s.filterByResourceId && accountId !== undefined && q.resourceId) routeOptions.push(q.resourceId);
    const freq: FilterRequest = { e164, direction: q.direction, routeOptions };
    if (q.fromDid) freq.fromE164 = this.normalize(q.fromDid);
    const filters = buildFilters(s.filterList, freq, ctx);

    let rate: RateRecord | undefined;
    if (trace) {
      const selection = selectRate(index.candidates(digits), filters, s.sortByWeight, true);
      rate = selection.rate;
      trace.candidates = (selection.verdicts ?? []).map(describe);
    } else {
      rate = index.find(digits, (rates) => selectRate(rates, filters, s.sortByWeight).rate);
    }
    if (!rate) return { kind: 'no_rate', e164, accountId, reason: `no rate in ${choice.ratedeckId} matches ${e164}`, explain: trace };
    return { kind: 'rated', e164, accountId, rate, explain: trace };
  }
}
