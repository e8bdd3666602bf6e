import { errors } from '@tollgate/errors';
import { DEFAULT_RATEDECK, ratedeckIdProblem } from '@tollgate/ratedecks';
import type { RequestContext } from '../../core/types';

/** The deck a rates request is about: `?ratedeck_id=`, else the body's `ratedeck_id`, else the default deck. */
export function deckOf(ctx: RequestContext): string {
  const data = (ctx.data ?? {}) as { ratedeck_id?: unknown };
  const id = ctx.query.ratedeck_id || (typeof data.ratedeck_id === 'string' ? data.ratedeck_id : '') || DEFAULT_RATEDECK;
  const problem = ratedeckIdProblem(id);
  if (problem) throw errors.field('ratedeck_id', 'pattern', problem, { value: id });
  return id;
}
