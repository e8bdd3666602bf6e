// The /collection operations (cb_phone_numbers collection): one request, many numbers, each with
// its own outcome: {"success": {number: json}, "error": {number: knm error}}.
import { errors, isKazooError } from '@tollgate/errors';
import { createLogger } from '@tollgate/log';
import { type NumberDoc, numberPublicJson } from '@tollgate/numbers';

const log = createLogger('crossbar');

/** The request's numbers, at most `max` of them (number_manager maximum_collection_size). */
export function numbersOf(data: unknown, max: number): string[] {
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

/**
 * Runs `op` on each number in turn (so one account's own numbers never race each other). Once the
 * client has gone (`signal`), no further number is started: each is a change of its own, so
 * stopping between two leaves nothing half done.
 */
export async function eachNumber(numbers: string[], op: (num: string) => Promise<NumberDoc>, signal?: AbortSignal): Promise<Record<string, unknown>> {
  const success: Record<string, unknown> = {};
  const error: Record<string, unknown> = {};
  for (const [i, num] of numbers.entries()) {
    if (signal?.aborted) {
      log.info('client left; stopped the collection', { done: i, of: numbers.length });
      break;
    }
    try {
      const doc = await op(num);
      success[doc._id] = numberPublicJson(doc);
    } catch (err) {
      if (!isKazooError(err)) throw err;
      error[num] = err.data;
    }
  }
  return { ...(Object.keys(success).length ? { success } : {}), ...(Object.keys(error).length ? { error } : {}) };
}
