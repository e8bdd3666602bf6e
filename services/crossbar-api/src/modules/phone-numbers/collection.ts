// The /collection operations (cb_phone_numbers collection): one request, many numbers, each with
// its own outcome: {"success": {number: json}, "error": {number: knm error}}.
import { isKazooError } from '@tollgate/errors';
import { requireTreeActive } from '@tollgate/accounts';
import { createLogger } from '@tollgate/log';
import { cleanPublicFields, type NumberDoc, type NumberManager, numberPublicJson } from '@tollgate/numbers';
import type { Reply, RequestContext } from '../../core/types';
import { numberOpAllowed } from '../quotas/allowance';
import { numberManager, pathAccount } from './access';
import { collectionNumbers, requestedState } from './request';

const log = createLogger('crossbar');

/**
 * Runs `op` on each number in turn (so one account's own numbers never race each other). Once the
 * client has gone (`signal`), no further number is started: each is a change of its own, so
 * stopping between two leaves nothing half done.
 */
async function eachNumber(numbers: string[], op: (num: string) => Promise<NumberDoc>, signal?: AbortSignal): Promise<Record<string, unknown>> {
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

/** The public fields a collection request sets on every number (its `numbers` list is not one). */
function collectionFields(data: unknown): Record<string, unknown> {
  const { numbers: _n, ...fields } = cleanPublicFields(data);
  return fields;
}

async function numbersOf(ctx: RequestContext, nm: NumberManager): Promise<string[]> {
  return collectionNumbers(ctx.data, (await nm.settings()).maximumCollectionSize);
}

/** PUT …/collection: create numbers, with the public fields and `state` given. */
export async function createCollection(ctx: RequestContext): Promise<Reply> {
  const nm = numberManager(ctx);
  const { actor, accountId } = await pathAccount(ctx);
  const { state: _s, ...publicFields } = collectionFields(ctx.data);
  const state = requestedState(ctx.data);
  const numbers = await numbersOf(ctx, nm);
  await requireTreeActive(ctx.deps, accountId);
  const create = (n: string) => numberOpAllowed(ctx, accountId, n, () => nm.create(n, { actor, assignTo: accountId, state, publicFields }), state);
  return { data: await eachNumber(numbers, create, ctx.signal) };
}

/** PUT …/collection/activate. */
export async function activateCollection(ctx: RequestContext): Promise<Reply> {
  const nm = numberManager(ctx);
  const { actor, accountId } = await pathAccount(ctx);
  const numbers = await numbersOf(ctx, nm);
  await requireTreeActive(ctx.deps, accountId);
  return { data: await eachNumber(numbers, (n) => numberOpAllowed(ctx, accountId, n, () => nm.activate(n, actor, accountId)), ctx.signal) };
}

/** PUT …/collection/reserve. */
export async function reserveCollection(ctx: RequestContext): Promise<Reply> {
  const nm = numberManager(ctx);
  const { actor, accountId } = await pathAccount(ctx);
  const numbers = await numbersOf(ctx, nm);
  await requireTreeActive(ctx.deps, accountId);
  return { data: await eachNumber(numbers, (n) => numberOpAllowed(ctx, accountId, n, () => nm.reserve(n, actor, accountId)), ctx.signal) };
}

/** POST …/collection: merge the public fields given into every number. */
export async function updateCollection(ctx: RequestContext): Promise<Reply> {
  const nm = numberManager(ctx);
  const { actor, accountId } = await pathAccount(ctx);
  const fields = collectionFields(ctx.data);
  const numbers = await numbersOf(ctx, nm);
  return { data: await eachNumber(numbers, (n) => nm.update(n, actor, fields, false, accountId), ctx.signal) };
}

/** DELETE …/collection: release every number. */
export async function releaseCollection(ctx: RequestContext): Promise<Reply> {
  const nm = numberManager(ctx);
  const { actor } = await pathAccount(ctx);
  const numbers = await numbersOf(ctx, nm);
  return { data: await eachNumber(numbers, (n) => nm.release(n, actor), ctx.signal) };
}
