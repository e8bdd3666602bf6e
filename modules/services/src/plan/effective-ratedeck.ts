// The ratedeck an account's own plans give it (kz_services_ratedecks in Kazoo 4.3): a plan names a
// deck either as an item of its `ratedeck` category (seed 001: {"ratedeck":{"bulk":{}}}) or with a
// top-level `ratedeck.id` (4.3). Kazoo only raised an alert when two plans disagreed; here such an
// assignment is refused (409), naming the plans.
import { errors, type KazooError } from '@tollgate/errors';
import { isPackage, packageRatedeckId } from './package-plan';
import { ALL_ITEMS, type AssignedPlan, RATEDECK_CATEGORY } from './types';

/** The `ratedeck` of a services doc, the shape rating reads. */
export interface EffectiveRatedeck {
  id: string;
  name: string;
  /** Set when the deck is a package's derived deck (seed 003): which package of which reseller. */
  package?: { id: string; vendor_id: string; name?: string };
}

/** Every deck one plan names (normally none or one); a package names its derived deck. */
function ratedecksOfPlan(plan: AssignedPlan): EffectiveRatedeck[] {
  const doc = plan.doc;
  if (isPackage(doc)) {
    const id = packageRatedeckId(plan.vendorId, plan.id);
    const pkg: EffectiveRatedeck['package'] = { id: plan.id, vendor_id: plan.vendorId };
    if (typeof doc.name === 'string') pkg.name = doc.name;
    return [{ id, name: id, package: pkg }];
  }
  const out: EffectiveRatedeck[] = [];
  const top = doc.ratedeck as { id?: unknown; name?: unknown } | undefined;
  if (top && typeof top.id === 'string' && top.id !== '') out.push({ id: top.id, name: typeof top.name === 'string' && top.name ? top.name : top.id });
  for (const id of Object.keys(doc.plan?.[RATEDECK_CATEGORY] ?? {})) {
    if (id !== ALL_ITEMS && !out.some((d) => d.id === id)) out.push({ id, name: id });
  }
  return out;
}

export type RatedeckResult = { ok: true; ratedeck: EffectiveRatedeck | undefined } | { ok: false; error: KazooError };

/** The one deck the plans give, undefined when none names a deck, or a 409 naming the plans that disagree. */
export function effectiveRatedeck(plans: readonly AssignedPlan[]): RatedeckResult {
  const named = plans.flatMap((p) => ratedecksOfPlan(p).map((deck) => ({ plan: p.id, deck })));
  const decks = [...new Set(named.map((n) => n.deck.id))];
  if (decks.length <= 1) return { ok: true, ratedeck: named[0]?.deck };
  const conflicting = named.map((n) => `${n.plan} (${n.deck.id})`);
  const packages = plans.filter((p) => isPackage(p.doc)).map((p) => p.id);
  if (packages.length > 0) {
    // A package is a whole call price list: two of them (or a package and a plan naming another
    // deck) on one account cannot both apply. Refused as bad input naming the packages.
    return {
      ok: false,
      error: errors.field('plans', 'conflict', `an account can use only one package's ratedeck; these plans name different ratedecks: ${conflicting.join(', ')}`, {
        packages,
        plans: [...new Set(named.map((n) => n.plan))],
        ratedecks: decks,
      }),
    };
  }
  return {
    ok: false,
    error: errors.conflict(`service plans name different ratedecks: ${conflicting.join(', ')}`, {
      cause: 'ratedeck',
      plans: [...new Set(named.map((n) => n.plan))],
      ratedecks: decks,
    }),
  };
}
