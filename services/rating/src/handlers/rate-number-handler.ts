// crossbar's `rates/number` asks here (callmgr `rate.number`, a Tollgate request beside Kazoo's
// rate_req): the same rating as rate_req, answered with the REST view, whether the number is
// rateable at all, how the answer came about (`Explain`) and the cost of a call (`Duration`).
import { type Bus, type MessageHandler, RATE_NUMBER_TIMEOUT_MS, rateNumberReq, rateNumberResp } from '@tollgate/kazoo-bus';
import { createLogger } from '@tollgate/log';
import { DEFAULT_RECONCILE_REGEX, isReconcilable } from '@tollgate/numbers';
import { type AccountRatedeckLookup, chooseRatedeck, DEFAULT_RATEDECK, deckServesAccount, ratedeckIdOf, ratedeckVisibilityProblem } from '@tollgate/ratedecks';
import type { HotornotSettings } from '../config';
import { rateNumberView } from '../domain/rate-response';
import type { Rater } from '../rater';
import { hotornotEnvelope } from './rate-req-handler';
import { isTrue, rateQueryOf, toDidOf } from './rate-query';

const log = createLogger('rating');

/** The shared queue every rating instance consumes rate.number from. */
export const RATE_NUMBER_QUEUE = 'tollgate_rate_number';
/** Crossbar stops waiting after this long: a request older than that has no one to read the answer. */
export const RATE_NUMBER_TTL_MS = RATE_NUMBER_TIMEOUT_MS;

export interface RateNumberHandlerDeps {
  bus: Bus;
  rater: Rater;
  settings: () => HotornotSettings;
  /**
   * The services lookup for one request with this Account-ID: fresh from CouchDB when it answers
   * (`fresh`: rate.number, a person asking through crossbar), else the in-memory view (rate.numbers:
   * charging pricing finished calls by the hundred, which the switch had rated from that same view).
   */
  servicesFor: (accountId: string | undefined, fresh: boolean) => Promise<AccountRatedeckLookup>;
  /** The owner of a ratedeck and the owner's tree, when the deck has one. */
  ownerOf: (ratedeckId: string) => Promise<{ accountId: string; tree: string[] } | undefined>;
}

/**
 * A `Ratedeck-ID` without `Account-ID` from a caller crossbar names (`Caller-Account-ID`) that
 * does not see every deck: refused unless the caller may rate with that deck.
 */
async function refusedDeck(deps: RateNumberHandlerDeps, req: Record<string, unknown>, defaultRatedeck: string): Promise<string | undefined> {
  const caller = req['Caller-Account-ID'];
  const asked = req['Ratedeck-ID'];
  if (typeof caller !== 'string' || req['Caller-Sees-All-Ratedecks'] === true) return undefined;
  if (req['Account-ID'] !== undefined || asked === undefined || asked === '') return undefined;
  const requested = ratedeckIdOf(String(asked));
  const defaultDeck = ratedeckIdOf(defaultRatedeck || DEFAULT_RATEDECK);
  if (requested === defaultDeck) return undefined;
  const lookup = await deps.servicesFor(caller, true);
  const owner = await deps.ownerOf(requested).catch(() => undefined);
  const chosen = chooseRatedeck({ accountId: caller }, lookup, defaultRatedeck).ratedeckId;
  const callerDeckId = deckServesAccount(owner?.accountId, caller, lookup) ? chosen : undefined;
  return ratedeckVisibilityProblem({ requested, callerAccountId: caller, callerDeckId, defaultDeck, owner });
}

/**
 * The answer's fields for one valid rate.number request (or one query of rate.numbers): whether
 * the number is rateable, whether the caller may name the deck, the rate (REST view, priced for
 * `Duration`) or why there is none.
 */
export async function answerNumber(deps: RateNumberHandlerDeps, req: Record<string, unknown>, number: string, fresh: boolean): Promise<Record<string, unknown>> {
  const s = deps.settings();
  const e164 = deps.rater.normalize(number);
  if (!isReconcilable(e164, s.reconcileRegex ?? DEFAULT_RECONCILE_REGEX)) return { Outcome: 'unrateable', 'E164-Number': e164 };
  const refused = await refusedDeck(deps, req, s.defaultRatedeck);
  if (refused !== undefined) return { Outcome: 'forbidden', Reason: refused };
  const explain = isTrue(req.Explain);
  const query = rateQueryOf(req, e164);
  const outcome = await deps.rater.rate(query, explain, await deps.servicesFor(query.accountId, fresh));
  const fields: Record<string, unknown> = { 'E164-Number': e164, Explain: outcome.explain };
  if (outcome.kind === 'rated') {
    fields.Outcome = 'rated';
    fields.Rate = rateNumberView(outcome.rate, e164, s, req.Duration as number | undefined);
    // Beside the view (cb_rates' fields), for services: the rate's country (free minutes by country).
    if (outcome.rate.isoCountryCode !== undefined) fields['ISO-Country-Code'] = outcome.rate.isoCountryCode;
  } else {
    fields.Outcome = 'no_rate';
    fields.Reason = outcome.reason;
  }
  return fields;
}

export function rateNumberHandler(deps: RateNumberHandlerDeps): MessageHandler {
  const { bus } = deps;
  const envelope = hotornotEnvelope(bus);
  return async (msg) => {
    const valid = rateNumberReq.validate(msg);
    const number = valid.ok ? toDidOf(valid.msg, 'Number') : undefined;
    if (!valid.ok || number === undefined || typeof msg['Server-ID'] !== 'string') {
      log.warn('dropping an invalid rate.number request', { errors: valid.ok ? ['no Number'] : valid.errors, msgId: msg['Msg-ID'] });
      return;
    }
    await bus.reply(valid.msg, rateNumberResp.build(await answerNumber(deps, valid.msg, number, true), envelope));
  };
}
