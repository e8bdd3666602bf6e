// One number under an account path (cb_phone_numbers): read, create, replace or merge its public
// fields, release (or, for admins, hard delete), activate, reserve. Each answers the number's public JSON.
import { cleanPublicFields, type NumberDoc, numberPublicJson } from '@tollgate/numbers';
import type { Reply, RequestContext } from '../../core/types';
import { numberOpAllowed } from '../quotas/allowance';
import { numberManager, pathAccount } from './access';
import { requestedState } from './request';

function numberReply(doc: NumberDoc): Reply {
  return { data: numberPublicJson(doc), revision: doc._rev };
}

export async function getNumber(ctx: RequestContext): Promise<Reply> {
  const { actor, accountId } = await pathAccount(ctx);
  return numberReply(await numberManager(ctx).get(ctx.params.number, actor, accountId));
}

/** PUT: adds a number the system does not hold yet (`state` in data, the rest public fields). */
export async function createNumber(ctx: RequestContext): Promise<Reply> {
  const { actor, accountId } = await pathAccount(ctx);
  const state = requestedState(ctx.data);
  const { state: _s, ...publicFields } = cleanPublicFields(ctx.data);
  const create = () => numberManager(ctx).create(ctx.params.number, { actor, assignTo: accountId, state, publicFields });
  return numberReply(await numberOpAllowed(ctx, accountId, ctx.params.number, create, state));
}

/** POST replaces the public fields, PATCH merges them. */
export async function updateNumber(ctx: RequestContext): Promise<Reply> {
  const { actor, accountId } = await pathAccount(ctx);
  const fields = cleanPublicFields(ctx.data);
  return numberReply(await numberManager(ctx).update(ctx.params.number, actor, fields, ctx.method === 'POST', accountId));
}

/** DELETE releases by system_config; `?hard=true` (admins) deletes whatever the state. */
export async function releaseNumber(ctx: RequestContext): Promise<Reply> {
  const { actor } = await pathAccount(ctx);
  const nm = numberManager(ctx);
  return numberReply(ctx.query.hard === 'true' ? await nm.hardDelete(ctx.params.number, actor) : await nm.release(ctx.params.number, actor));
}

export async function activateNumber(ctx: RequestContext): Promise<Reply> {
  const { actor, accountId } = await pathAccount(ctx);
  const activate = () => numberManager(ctx).activate(ctx.params.number, actor, accountId);
  return numberReply(await numberOpAllowed(ctx, accountId, ctx.params.number, activate));
}

export async function reserveNumber(ctx: RequestContext): Promise<Reply> {
  const { actor, accountId } = await pathAccount(ctx);
  const reserve = () => numberManager(ctx).reserve(ctx.params.number, actor, accountId);
  return numberReply(await numberOpAllowed(ctx, accountId, ctx.params.number, reserve));
}
