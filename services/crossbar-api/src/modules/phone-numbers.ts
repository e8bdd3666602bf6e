// cb_phone_numbers (Kazoo 4.3): search, classifiers, an account's listing, per-number CRUD,
// activate/reserve and the /collection operations. Rules live in @tollgate/numbers.
import { errors } from '@tollgate/errors';
import {
  accountNumberDocs,
  allowsAnonymousLookup,
  cleanPublicFields,
  isNumberState,
  listingEntry,
  NumberManager,
  numberPublicJson,
  readClassifiers,
  readMaximumCollectionSize,
  readNormalizeOptions,
} from '@tollgate/numbers';
import type { CrossbarDeps, CrossbarModule, RequestContext, RouteSpec } from '../core/types';
import { actorOf, pathAccount } from './phone-numbers/actor';
import { classifiersJson, classifyJson } from './phone-numbers/classifiers-json';
import { eachNumber, numbersOf } from './phone-numbers/collection';

const BASE = '/v2/accounts/:account_id/phone_numbers';

function intQuery(ctx: RequestContext, key: string, dflt: number): number {
  const raw = ctx.query[key];
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw errors.field(key, 'type', `${key} must be a non-negative integer, got ${JSON.stringify(raw)}`);
  return n;
}

async function collectionOf(ctx: RequestContext): Promise<string[]> {
  return numbersOf(ctx.data, await readMaximumCollectionSize(ctx.deps.config));
}

function routes(deps: CrossbarDeps): RouteSpec[] {
  const nm = new NumberManager(deps);

  const search = async (ctx: RequestContext, accountId: string | undefined) => {
    const actor = ctx.auth ? actorOf(ctx) : { accountId: '', isAdmin: false };
    const data = await nm.search({
      actor,
      accountId: accountId ?? actor.accountId,
      prefix: ctx.query.prefix,
      quantity: intQuery(ctx, 'quantity', 1),
      offset: intQuery(ctx, 'offset', 0),
      country: ctx.query.country,
    });
    return { data };
  };

  const classifiers = async () => ({ data: classifiersJson(await readClassifiers(deps.config)) });
  const classify = async (ctx: RequestContext) => {
    const opts = await readNormalizeOptions(deps.config);
    return { data: classifyJson(ctx.params.number, await readClassifiers(deps.config), opts.converters) };
  };

  const stateOf = (data: unknown) => {
    const s = (data as { state?: unknown } | undefined)?.state;
    if (s === undefined) return undefined;
    if (!isNumberState(s)) throw errors.field('state', 'enum', `state must be one of available, reserved, in_service, port_in, aging; got ${JSON.stringify(s)}`);
    return s;
  };

  return [
    {
      method: 'GET',
      path: '/v2/phone_numbers',
      auth: 'optional',
      handler: async (ctx) => {
        if (!ctx.auth && !(await allowsAnonymousLookup(deps.config))) throw errors.invalidCredentials();
        return search(ctx, undefined);
      },
    },
    { method: 'GET', path: '/v2/phone_numbers/classifiers', auth: 'none', handler: classifiers },
    { method: 'GET', path: '/v2/phone_numbers/classifiers/:number', auth: 'none', handler: classify },
    // Under an account path the account is checked like any other (the same answers are public above).
    {
      method: 'GET',
      path: `${BASE}/classifiers`,
      handler: async (ctx) => {
        await pathAccount(ctx);
        return classifiers();
      },
    },
    {
      method: 'GET',
      path: `${BASE}/classifiers/:number`,
      handler: async (ctx) => {
        await pathAccount(ctx);
        return classify(ctx);
      },
    },
    {
      method: 'GET',
      path: BASE,
      handler: async (ctx) => {
        const { accountId } = await pathAccount(ctx);
        if (ctx.query.prefix !== undefined) return search(ctx, accountId);
        const wanted = ctx.query.filter_state;
        const from = ctx.query.created_from ? Number(ctx.query.created_from) : undefined;
        const to = ctx.query.created_to ? Number(ctx.query.created_to) : undefined;
        const numbers: Record<string, unknown> = {};
        for (const doc of await accountNumberDocs(deps.couch, accountId)) {
          if (wanted && doc.pvt_state !== wanted) continue;
          if (from !== undefined && doc.pvt_created < from) continue;
          if (to !== undefined && doc.pvt_created > to) continue;
          numbers[doc._id] = listingEntry(doc);
        }
        return { data: { casquade_quantity: 0, numbers } };
      },
    },
    {
      method: 'PUT',
      path: `${BASE}/collection`,
      handler: async (ctx) => {
        const { actor, accountId } = await pathAccount(ctx);
        const fields = cleanPublicFields(ctx.data);
        delete fields.numbers;
        const state = stateOf(ctx.data);
        delete fields.state;
        return { data: await eachNumber(await collectionOf(ctx), (n) => nm.create(n, { actor, assignTo: accountId, state, publicFields: fields }), ctx.signal) };
      },
    },
    {
      method: 'PUT',
      path: `${BASE}/collection/activate`,
      handler: async (ctx) => {
        const { actor, accountId } = await pathAccount(ctx);
        return { data: await eachNumber(await collectionOf(ctx), (n) => nm.activate(n, actor, accountId), ctx.signal) };
      },
    },
    {
      method: 'PUT',
      path: `${BASE}/collection/reserve`,
      handler: async (ctx) => {
        const { actor, accountId } = await pathAccount(ctx);
        return { data: await eachNumber(await collectionOf(ctx), (n) => nm.reserve(n, actor, accountId), ctx.signal) };
      },
    },
    {
      method: 'POST',
      path: `${BASE}/collection`,
      handler: async (ctx) => {
        const { actor, accountId } = await pathAccount(ctx);
        const fields = cleanPublicFields(ctx.data);
        delete fields.numbers;
        return { data: await eachNumber(await collectionOf(ctx), (n) => nm.update(n, actor, fields, false, accountId), ctx.signal) };
      },
    },
    {
      method: 'DELETE',
      path: `${BASE}/collection`,
      body: 'json',
      handler: async (ctx) => {
        const { actor } = await pathAccount(ctx);
        return { data: await eachNumber(await collectionOf(ctx), (n) => nm.release(n, actor), ctx.signal) };
      },
    },
    {
      method: 'GET',
      path: `${BASE}/:number`,
      handler: async (ctx) => {
        const { actor, accountId } = await pathAccount(ctx);
        const doc = await nm.get(ctx.params.number, actor, accountId);
        return { data: numberPublicJson(doc), revision: doc._rev };
      },
    },
    {
      method: 'PUT',
      path: `${BASE}/:number`,
      handler: async (ctx) => {
        const { actor, accountId } = await pathAccount(ctx);
        const state = stateOf(ctx.data);
        const fields = cleanPublicFields(ctx.data);
        delete fields.state;
        const doc = await nm.create(ctx.params.number, { actor, assignTo: accountId, state, publicFields: fields });
        return { data: numberPublicJson(doc), revision: doc._rev };
      },
    },
    ...(['POST', 'PATCH'] as const).map(
      (method): RouteSpec => ({
        method,
        path: `${BASE}/:number`,
        handler: async (ctx) => {
          const { actor, accountId } = await pathAccount(ctx);
          const doc = await nm.update(ctx.params.number, actor, cleanPublicFields(ctx.data), method === 'POST', accountId);
          return { data: numberPublicJson(doc), revision: doc._rev };
        },
      }),
    ),
    {
      method: 'DELETE',
      path: `${BASE}/:number`,
      handler: async (ctx) => {
        const { actor } = await pathAccount(ctx);
        const doc = ctx.query.hard === 'true' ? await nm.hardDelete(ctx.params.number, actor) : await nm.release(ctx.params.number, actor);
        return { data: numberPublicJson(doc), revision: doc._rev };
      },
    },
    {
      method: 'PUT',
      path: `${BASE}/:number/activate`,
      handler: async (ctx) => {
        const { actor, accountId } = await pathAccount(ctx);
        const doc = await nm.activate(ctx.params.number, actor, accountId);
        return { data: numberPublicJson(doc), revision: doc._rev };
      },
    },
    {
      method: 'PUT',
      path: `${BASE}/:number/reserve`,
      handler: async (ctx) => {
        const { actor, accountId } = await pathAccount(ctx);
        const doc = await nm.reserve(ctx.params.number, actor, accountId);
        return { data: numberPublicJson(doc), revision: doc._rev };
      },
    },
  ];
}

export const phoneNumbersModule: CrossbarModule = { name: 'phone_numbers', routes };
