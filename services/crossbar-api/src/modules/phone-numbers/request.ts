// What a phone_numbers request says, checked before anything is done.
import { errors } from '@tollgate/errors';
import { isNumberState, type NumberState } from '@tollgate/numbers';
import type { RequestContext } from '../../core/types';

/** A non-negative integer query parameter (`quantity`, `offset`), or `dflt` when absent. */
export function intQuery(ctx: RequestContext, key: string, dflt: number): number {
  const raw = ctx.query[key];
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw errors.field(key, 'type', `${key} must be a non-negative integer, got ${JSON.stringify(raw)}`);
  return n;
}

/** The `state` a creation asks for, if any. */
export function requestedState(data: unknown): NumberState | undefined {
  const s = (data as { state?: unknown } | undefined)?.state;
  if (s === undefined) return undefined;
  if (!isNumberState(s)) throw errors.field('state', 'enum', `state must be one of available, reserved, in_service, port_in, aging; got ${JSON.stringify(s)}`);
  return s;
}

/** The request's numbers (`{"numbers": […]}`), at most `max` of them (number_manager maximum_collection_size). */
export function collectionNumbers(data: unknown, max: number): string[] {
  const numbers = (data as { numbers?: unknown } | undefined)?.numbers;
  if (!Array.isArray(numbers) || numbers.length === 0 || !numbers.every((n) => typeof n === 'string' && n.length > 0)) {
    throw errors.field('numbers', 'required', 'numbers must be a non-empty list of phone numbers');
  }
  const unique = [...new Set(numbers as string[])];
  if (unique.length > max) {
    throw errors.field('numbers', 'maxItems', `numbers may list at most ${max} phone numbers per request, got ${unique.length}`, { target: max });
  }
  return unique;
}
