// A prefix override more specific than the base deck's rates (an override for 1212 when the base
// deck only has 1) gets a derived rate of its own at that prefix: the covering base rate (the
// longest base prefix the override prefix starts with) copied at the override's prefix and priced
// by the package (so its buy price is the covering rate's). When the base deck has a rate at exactly
// the override's prefix, that rate is derived as usual and no extra rate is needed. Pure.
import { type BaseRateDoc, type DerivedDeck, deriveRate, type PackagePricing } from './package-pricing';

export const OVERRIDE_RATE_SUFFIX = 'package';

/** The id of the extra rate of an override prefix. */
export function overrideRateId(prefix: string): string {
  return `XX-${prefix}-${OVERRIDE_RATE_SUFFIX}`;
}

/** The prefixes of the package's prefix overrides. */
export function overridePrefixes(pricing: PackagePricing): string[] {
  return [...new Set(pricing.overrides.flatMap((o) => (o.prefix === undefined ? [] : [o.prefix])))];
}

/** Every base prefix whose rate can cover an override prefix → the override prefixes it covers. */
export function coveringPrefixes(overrides: readonly string[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const o of overrides) {
    for (let len = 1; len <= o.length; len++) {
      const p = o.slice(0, len);
      const set = out.get(p) ?? new Set<string>();
      set.add(o);
      out.set(p, set);
    }
  }
  return out;
}

/** The prefix of a base rate change: the doc's, else read from a Kazoo rate id (`<ISO|XX>-<prefix>[-suffix]`). */
export function prefixOfChange(id: string, doc: Record<string, unknown> | undefined): string | undefined {
  const p = doc?.prefix;
  if (typeof p === 'number' || typeof p === 'string') return String(p);
  return /^[A-Z]{2}-(\d+)(?:-|$)/.exec(id)?.[1];
}

function rank(a: BaseRateDoc, b: BaseRateDoc): number {
  const la = String(a.prefix).length;
  const lb = String(b.prefix).length;
  if (la !== lb) return lb - la;
  const sa = a.rate_suffix === undefined ? 0 : 1;
  const sb = b.rate_suffix === undefined ? 0 : 1;
  if (sa !== sb) return sa - sb;
  const wa = typeof a.weight === 'number' ? a.weight : 100;
  const wb = typeof b.weight === 'number' ? b.weight : 100;
  return wa !== wb ? wa - wb : a._id.localeCompare(b._id);
}

/**
 * The extra derived rate for override prefix `o`, given the live base rates at `o` or a shorter
 * prefix of it; undefined when none is needed (a base rate at exactly `o`) or possible (none covers it).
 */
export function overrideRate(pricing: PackagePricing, o: string, candidates: readonly BaseRateDoc[], deck: DerivedDeck): (Record<string, unknown> & { _id: string }) | undefined {
  const covering = candidates.filter((c) => o.startsWith(String(c.prefix)));
  if (covering.length === 0 || covering.some((c) => String(c.prefix) === o)) return undefined;
  const base = [...covering].sort(rank)[0] as BaseRateDoc;
  const extra: BaseRateDoc = {
    ...base,
    _id: overrideRateId(o),
    prefix: Number(o),
    routes: [`^\\+${o}(\\d*)$`],
    rate_suffix: OVERRIDE_RATE_SUFFIX,
    rate_name: `${typeof base.rate_name === 'string' ? base.rate_name : base.prefix} (${o})`,
  };
  return { ...deriveRate(pricing, extra, deck), pvt_package: { plan: deck.planId, rule: 'override', covering_rate: base._id } };
}
