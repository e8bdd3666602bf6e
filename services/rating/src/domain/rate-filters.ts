// hon_util:matching_rate: the filters named in system_config hotornot `filter_list`; a rate must
// pass every one of them. An unknown filter name rejects every rate, as in Kazoo.
import type { RateRecord } from './rate-record';
import { routeMatches } from './route-match';

/** What the filters look at in a rate request, already normalised. */
export interface FilterRequest {
  /** The normalised To-DID (E.164 when the converters could make it one). */
  e164: string;
  direction?: string;
  /** The normalised From-DID, when given. */
  fromE164?: string;
  /** Options ++ Outbound-Flags ++ [Resource-ID when filter_by_resource_id]. */
  routeOptions: readonly string[];
}

/** What the filters need from the account and from system_config. */
export interface FilterContext {
  /** The account's ratedeck name (services doc `ratedeck.name`). */
  accountRatedeckName?: string;
  /** The account's reseller (services doc `pvt_reseller_id`). */
  resellerId?: string;
  /** system_config hotornot `rate_version`. */
  rateVersion?: string;
}

export interface RateFilter {
  name: string;
  test(rate: RateRecord): boolean;
}

const BOTH_DIRECTIONS: readonly string[] = ['inbound', 'outbound'];
const ANY_CALLER: readonly string[] = ['.'];

/** options_match: a rate without options takes any call; otherwise it must offer every option asked for. */
function optionsMatch(rateOptions: readonly string[] | undefined, routeOptions: readonly string[]): boolean {
  if (!rateOptions || rateOptions.length === 0) return true;
  return routeOptions.every((opt) => rateOptions.includes(opt));
}

function filterTest(name: string, req: FilterRequest, ctx: FilterContext): (rate: RateRecord) => boolean {
  switch (name) {
    case 'direction': {
      const direction = req.direction;
      if (direction === undefined) return () => true;
      return (rate) => (rate.direction ?? BOTH_DIRECTIONS).includes(direction);
    }
    case 'route_options':
      return (rate) => optionsMatch(rate.options, req.routeOptions);
    case 'routes':
      return (rate) => (rate.routes ?? []).some((route) => routeMatches(route, req.e164, rate.prefix));
    case 'caller_id_numbers': {
      const from = req.fromE164;
      if (from === undefined) return () => true;
      return (rate) => (rate.callerIdNumbers ?? ANY_CALLER).some((route) => routeMatches(route, from));
    }
    case 'ratedeck_id':
      return (rate) => rate.ratedeckId === ctx.accountRatedeckName;
    case 'reseller':
      return (rate) => rate.accountId === ctx.resellerId;
    case 'version':
      return (rate) => rate.rateVersion === ctx.rateVersion;
    default:
      return () => false;
  }
}

/** The filters of `filter_list`, bound to one request. */
export function buildFilters(names: readonly string[], req: FilterRequest, ctx: FilterContext): RateFilter[] {
  return names.map((name) => ({ name, test: filterTest(name, req, ctx) }));
}
