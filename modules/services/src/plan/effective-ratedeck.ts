// The ratedeck an account's own plans give it (kz_services_ratedecks in Kazoo 4.3): a plan names a
// deck either as an item of its `ratedeck` category (seed 001: {"ratedeck":{"bulk":{}}}) or with a
// top-level `ratedeck.id` (4.3). Kazoo only raised an alert when two plans disagreed; here such an
// assignment is refused (409), naming the plans.
import { errors, type KazooError } from '@tollgate/errors';
import { ALL_ITEMS, type AssignedPlan, RATEDECK_CATEGORY, type ServicePlanDoc } from './types';

/** The `ratedeck` of a services doc, the shape rating reads. */
export interface EffectiveRatedeck {
  id: string;
  name: string;
}

/** Every deck one plan names (normally none or one). */
function ratedecksOfPlan(doc: ServicePlanDoc): EffectiveRatedeck[] {
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
  const named = plans.flatMap((p) => ratedecksOfPlan(p.doc).map((deck) => ({ plan: p.id, deck })));
  const decks = [...new Set(named.map((n) => n.deck.id))];
  if (decks.length <= 1) return { ok: true, ratedeck: named[0]?.deck };
  const conflicting = named.map((n) => `${n.plan} (${n.deck.id})`);
  return {
    ok: false,
    error: errors.conflict(`service plans name different ratedecks: ${conflicting.join(', ')}`, {
      cause: 'ratedeck',
      plans: [...new Set(named.map((n) => n.plan))],
      ratedecks: decks,
    }),
  };
}
