// The /collection operations (cb_phone_numbers collection): one request, many numbers, each with
// its own outcome: {"success": {number: json}, "error": {number: knm error}}.
import { errors, isKazooError } from '@tollgate/errors';
import { type NumberDoc, numberPublicJson } from '@tollgate/numbers';

export function numbersOf(data: unknown): string[] {
  const numbers = (data as { numbers?: unknown } | undefined)?.numbers;
  if (!Array.isArray(numbers) || numbers.length === 0 || !numbers.every((n) => typeof n === 'string' && n.length > 0)) {
    throw errors.field('numbers', 'required', 'numbers must be a non-empty list of phone numbers');
  }
  return [...new Set(numbers as string[])];
}

/** Runs `op` on each number in turn (so one account's own numbers never race each other). */
export async function eachNumber(numbers: string[], op: (num: string) => Promise<NumberDoc>): Promise<Record<string, unknown>> {
  const success: Record<string, unknown> = {};
  const error: Record<string, unknown> = {};
  for (const num of numbers) {
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
