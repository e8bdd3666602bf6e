import { buildFilters, type FilterContext, type FilterRequest } from './rate-filters';
import type { RateRecord } from './rate-record';
import { selectRate } from './select-rate';
import { sortRates } from './sort-rates';

const DEFAULT_FILTERS = ['direction', 'route_options', 'routes'];

function rate(prefix: string, extra: Partial<RateRecord> = {}): RateRecord {
  return { id: `XX-${prefix}`, prefix, rateCost: '0.1', routes: [`^\\+${prefix}(\\d*)$`], ratedeckId: 'ratedeck', ...extra };
}

function req(extra: Partial<FilterRequest> = {}): FilterRequest {
  return { e164: '+15035551234', routeOptions: [], ...extra };
}

function pick(candidates: RateRecord[], r: FilterRequest = req(), ctx: FilterContext = {}, filters = DEFAULT_FILTERS, byWeight = true) {
  return selectRate(candidates, buildFilters(filters, r, ctx), byWeight).rate;
}

test("the seed's deck: the longest prefix wins (BRONZE for 15035551234)", () => {
  const deck = [rate('1503', { description: 'BRONZE' }), rate('150', { description: 'SILVER' }), rate('15'), rate('1')];
  expect(pick(deck)?.description).toBe('BRONZE');
});

test('a longer prefix dropped by a filter lets the next shorter one win', () => {
  const deck = [rate('1503', { direction: ['inbound'] }), rate('150', { description: 'SILVER' })];
  expect(pick(deck, req({ direction: 'outbound' }))?.description).toBe('SILVER');
  expect(pick(deck, req({ direction: 'inbound' }))?.prefix).toBe('1503');
  expect(pick(deck, req())?.prefix).toBe('1503'); // no Direction: every rate passes
});

test('direction: a rate without one takes both, a string or a list limits it', () => {
  const both = rate('1');
  const outOnly = rate('1', { id: 'o', direction: ['outbound'] });
  const none = rate('1', { id: 'n', direction: [] });
  const f = buildFilters(['direction'], req({ direction: 'inbound' }), {});
  expect(f[0].test(both)).toBe(true);
  expect(f[0].test(outOnly)).toBe(false);
  expect(f[0].test(none)).toBe(false);
});

test('routes: a rate without routes never matches (as Kazoo); regexes are matched against the E.164 number', () => {
  expect(pick([rate('1503', { routes: undefined })])).toBeUndefined();
  expect(pick([rate('1503', { routes: [] })])).toBeUndefined();
  expect(pick([rate('1503', { routes: ['^\\+1503555'] })])?.prefix).toBe('1503');
  expect(pick([rate('1503', { routes: ['^\\+1503999', '^\\+15035551234$'] })])?.prefix).toBe('1503');
  expect(pick([rate('1503', { routes: ['^\\+1503999'] })])).toBeUndefined();
  expect(pick([rate('1503', { routes: ['(unclosed'] })])).toBeUndefined(); // not a regex: matches nothing, no crash
  // the import default is honoured without a regex, and only for digits after the prefix
  expect(pick([rate('1503')], req({ e164: '+1503x' }))).toBeUndefined();
});

test('route_options: every option asked for (Options, Outbound-Flags, Resource-ID) must be offered, unless the rate offers none', () => {
  const plain = rate('1');
  const fax = rate('1', { id: 'fax', options: ['t38', 'fax'] });
  const f = (opts: string[]) => buildFilters(['route_options'], req({ routeOptions: opts }), {})[0];
  expect(f(['t38']).test(plain)).toBe(true);
  expect(f(['t38']).test(fax)).toBe(true);
  expect(f(['t38', 'fax']).test(fax)).toBe(true);
  expect(f(['t38', 'sms']).test(fax)).toBe(false);
  expect(f([]).test(fax)).toBe(true);
});

test('caller_id_numbers: any caller when absent or when the request has no From-DID', () => {
  const local = rate('1', { callerIdNumbers: ['^\\+1503'] });
  expect(buildFilters(['caller_id_numbers'], req(), {})[0].test(local)).toBe(true);
  expect(buildFilters(['caller_id_numbers'], req({ fromE164: '+15031112222' }), {})[0].test(local)).toBe(true);
  expect(buildFilters(['caller_id_numbers'], req({ fromE164: '+14151112222' }), {})[0].test(local)).toBe(false);
  expect(buildFilters(['caller_id_numbers'], req({ fromE164: '+14151112222' }), {})[0].test(rate('1'))).toBe(true);
});

test('ratedeck_id, reseller and version compare with the account and system_config', () => {
  const r = rate('1', { ratedeckId: 'bulk', accountId: 'r1', rateVersion: 'v2' });
  const ctx: FilterContext = { accountRatedeckName: 'bulk', resellerId: 'r1', rateVersion: 'v2' };
  for (const name of ['ratedeck_id', 'reseller', 'version']) {
    expect(buildFilters([name], req(), ctx)[0].test(r)).toBe(true);
    expect(buildFilters([name], req(), {})[0].test(r)).toBe(false);
  }
  // no version configured and none on the rate: equal, as in Kazoo
  expect(buildFilters(['version'], req(), {})[0].test(rate('1'))).toBe(true);
});

test('an unknown filter name rejects every rate', () => {
  expect(pick([rate('1')], req(), {}, ['direction', 'by_colour'])).toBeUndefined();
});

test('ties on prefix length: lower weight wins (Kazoo 4.3, default 100)', () => {
  const a = rate('432', { id: 'a', weight: 50, rateCost: '0.5' });
  const b = rate('432', { id: 'b', weight: 51, rateCost: '0.6' });
  const c = rate('432', { id: 'c', rateCost: '0.01' });
  expect(sortRates([b, c, a], true).map((r) => r.id)).toEqual(['a', 'b', 'c']);
  expect(pick([c, b, a], req({ e164: '+4321' }))?.id).toBe('a');
});

test('sort_by_weight false: ties go to the higher rate_cost, as Kazoo', () => {
  const a = rate('432', { id: 'a', weight: 1, rateCost: '0.5' });
  const b = rate('432', { id: 'b', weight: 99, rateCost: '0.6' });
  expect(sortRates([a, b], false).map((r) => r.id)).toEqual(['b', 'a']);
  expect(pick([a, b], req({ e164: '+4321' }), {}, DEFAULT_FILTERS, false)?.id).toBe('b');
  // exact decimals: 0.000125 < 0.00013
  const c = rate('432', { id: 'c', rateCost: '0.000125' });
  const d = rate('432', { id: 'd', rateCost: '0.00013' });
  expect(sortRates([c, d], false)[0].id).toBe('d');
});

test('full ties are broken by id so the answer is always the same', () => {
  const a = rate('1', { id: 'US-1-a' });
  const b = rate('1', { id: 'US-1-b' });
  expect(pick([b, a], req())?.id).toBe('US-1-a');
  expect(pick([a, b], req())?.id).toBe('US-1-a');
});

test('explain gives every candidate, in order, with the filter that dropped it', () => {
  const deck = [rate('150', { id: 'silver' }), rate('1503', { id: 'bronze', direction: ['inbound'] }), rate('1', { id: 'plat', routes: [] })];
  const s = selectRate(deck, buildFilters(DEFAULT_FILTERS, req({ direction: 'outbound' }), {}), true, true);
  expect(s.rate?.id).toBe('silver');
  expect(s.verdicts?.map((v) => [v.rate.id, v.droppedBy, v.selected])).toEqual([
    ['bronze', 'direction', undefined],
    ['silver', undefined, true],
    ['plat', 'routes', undefined],
  ]);
});
