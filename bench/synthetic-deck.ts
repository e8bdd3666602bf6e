// The synthetic 1,000,000-prefix deck the rating benchmarks use: 200 "countries", ids
// `<ISO>-<prefix>`, generated names, 5-decimal costs, default routes, weights, internal costs,
// 10 % outbound-only. Deterministic: the same deck on every run.
export const COUNTRIES: [string, string, string][] = [];
{
  // 200 "countries": calling codes of 1 to 3 digits, an ISO-like code and a description.
  const seen = new Set<string>();
  let n = 0;
  for (let i = 1; COUNTRIES.length < 200; i++) {
    const cc = String(i < 10 ? i : i < 100 ? 20 + i : 200 + i);
    if (seen.has(cc) || cc.length > 3) continue;
    seen.add(cc);
    const iso = String.fromCharCode(65 + (n % 26), 65 + Math.floor(n / 26));
    COUNTRIES.push([cc, iso, `Country ${iso} ${n % 3 === 0 ? 'Mobile' : 'Fixed'}`]);
    n++;
  }
}

/** Deterministic pseudo-random numbers (the same deck on every run). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** Rate docs as an import stores them, one at a time (never a million objects at once). */
export function* syntheticDeck(total: number): Generator<Record<string, unknown>> {
  const rand = rng(42);
  const perCountry = Math.ceil(total / COUNTRIES.length);
  const width = String(perCountry - 1).length;
  let made = 0;
  for (const [cc, iso, description] of COUNTRIES) {
    for (let j = 0; j < perCountry && made < total; j++, made++) {
      const prefix = `${cc}${String(j).padStart(width, '0')}`;
      const cost = (Math.floor(rand() * 5000) + 10) / 100000; // 0.0001 .. 0.05, 5 decimals
      const doc: Record<string, unknown> = {
        _id: `${iso}-${prefix}`,
        pvt_type: 'rate',
        prefix: Number(prefix),
        iso_country_code: iso,
        rate_cost: cost,
        rate_name: `${iso}_${prefix}`,
        description,
        routes: [`^\\+${prefix}(\\d*)$`],
        weight: Math.max(1, Math.min(100, prefix.length * 10 - Math.trunc(cost * 100))),
        rate_increment: 60,
        rate_minimum: 60,
        pvt_internal_rate_cost: Math.round(cost * 0.8 * 1e6) / 1e6,
        pvt_rate_cost: Math.round(cost * 0.8 * 1e6) / 1e6,
      };
      if (j % 10 === 0) doc.direction = ['outbound'];
      yield doc;
    }
  }
}
