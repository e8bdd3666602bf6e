// cb_rates: rate CRUD in a ratedeck (`?ratedeck_id=`, default `ratedeck`) and GET /v2/rates/ratedecks.
// /v2/rates/number/{N} lives in the rating module. Listing pages through _all_docs: a ratedeck is
// too large for a JavaScript view on the embedded server.
import { errors } from '@tollgate/errors';
import { type Couch, DEFAULT_RATEDECK, gregorianNow, mergePrivate, ratedeckDb, ratedeckIdFromDb } from '@tollgate/kazoo-db';
import { publicRate, RATE_DOC_FIELDS, type RateDoc, rateFromJson, rateToCsvCells, ratedeckIdProblem } from '@tollgate/ratedecks';
import { saveAndPublish } from '@tollgate/service-kit';
import { csvLine } from '@tollgate/tasks';
import { Readable } from 'node:stream';
import { encodeStartKey } from '../core/pagination';
import type { CrossbarModule, Reply, RequestContext, RouteSpec } from '../core/types';

type Stored = RateDoc & { _rev: string };

const COUNT_DOC = '_local/tollgate-ratedeck-count';
const SCAN_PAGE = 5000;

function deckOf(ctx: RequestContext): string {
  const data = (ctx.data ?? {}) as { ratedeck_id?: unknown };
  const id = ctx.query.ratedeck_id || (typeof data.ratedeck_id === 'string' ? data.ratedeck_id : '') || DEFAULT_RATEDECK;
  const problem = ratedeckIdProblem(id);
  if (problem) throw errors.field('ratedeck_id', 'pattern', problem, { value: id });
  return ratedeckDb(id);
}

function isLive(doc: unknown): doc is Stored {
  return typeof doc === 'object' && doc !== null && (doc as RateDoc).pvt_type === 'rate' && (doc as RateDoc).pvt_deleted !== true;
}

async function livePage(couch: Couch, db: string, startkey: string | undefined, size: number): Promise<{ rows: Stored[]; next?: string }> {
  const rows: Stored[] = [];
  let from = startkey;
  for (;;) {
    const page = await couch.docPage(db, { pageSize: size, from });
    for (const [i, doc] of page.docs.entries()) {
      if (isLive(doc)) rows.push(doc);
      if (rows.length === size) return { rows, next: page.docs[i + 1]?._id ?? page.next };
    }
    if (page.next === undefined) return { rows };
    from = page.next;
  }
}

function listingRow(d: Stored): Record<string, unknown> {
  const row: Record<string, unknown> = {
    name: d.rate_name,
    cost: d.rate_cost,
    prefix: d.prefix,
    description: d.description,
    surcharge: d.rate_surcharge,
    carrier: d.carrier,
    id: d._id,
  };
  for (const k of Object.keys(row)) if (row[k] === undefined) delete row[k];
  return row;
}

async function* csvExport(couch: Couch, db: string): AsyncGenerator<string> {
  yield csvLine(RATE_DOC_FIELDS);
  let next: string | undefined;
  do {
    const page = await livePage(couch, db, next, 1000);
    yield page.rows.map((d) => csvLine(rateToCsvCells(d))).join('');
    next = page.next;
  } while (next !== undefined);
}

/** Live rates in a deck, cached in a _local doc against the deck's update_seq (no view). */
export async function countRates(couch: Couch, db: string): Promise<number> {
  const info = (await couch.nano.db.get(db)) as unknown as { update_seq: unknown };
  const seq = JSON.stringify(info.update_seq);
  const cached = (await couch.get(db, COUNT_DOC)) as { seq?: string; rate_count?: number; _rev?: string } | undefined;
  if (cached?.seq === seq && typeof cached.rate_count === 'number') return cached.rate_count;
  let count = 0;
  for await (const docs of couch.docPages(db, { pageSize: SCAN_PAGE })) for (const doc of docs) if (isLive(doc)) count++;
  await couch.put(db, { _id: COUNT_DOC, ...(cached?._rev ? { _rev: cached._rev } : {}), seq, rate_count: count }).catch(() => undefined);
  return count;
}

async function loadLive(couch: Couch, db: string, id: string): Promise<Stored> {
  const doc = await couch.get(db, id);
  if (!isLive(doc)) throw errors.badIdentifier(id);
  return doc;
}

export const ratesModule: CrossbarModule = {
  name: 'rates',
  routes(deps) {
    const { couch, bus } = deps;

    const save = async (db: string, doc: Record<string, unknown>) => {
      await couch.ensureDb(db);
      return saveAndPublish(couch, bus, db, doc);
    };

    const list = async (ctx: RequestContext): Promise<Reply> => {
      const db = deckOf(ctx);
      if (!(await couch.dbExists(db))) throw errors.datastoreMissing(db);
      if (ctx.accepts === 'csv') {
        const id = ratedeckIdFromDb(db);
        return { raw: { contentType: 'text/csv', body: Readable.from(csvExport(couch, db)), headers: { 'content-disposition': `attachment; filename="rates_${id}.csv"` } } };
      }
      const size = ctx.page.pageSize ?? Number.MAX_SAFE_INTEGER;
      const start = typeof ctx.page.startKey === 'string' ? ctx.page.startKey : undefined;
      const page = await livePage(couch, db, start, Math.min(size, 100_000));
      return {
        data: page.rows.map(listingRow),
        page:
          ctx.page.pageSize === undefined
            ? undefined
            : { page_size: page.rows.length, start_key: start === undefined ? '' : encodeStartKey(start), ...(page.next ? { next_start_key: encodeStartKey(page.next) } : {}) },
      };
    };

    const create = async (ctx: RequestContext): Promise<Reply> => {
      const db = deckOf(ctx);
      const built = rateFromJson(ctx.data);
      if (!built.ok) throw errors.validation(built.errors);
      const existing = await couch.get(db, built.rate._id);
      if (existing && existing.pvt_deleted !== true) throw errors.conflict('conflicting documents', { cause: built.rate._id });
      const now = gregorianNow();
      const saved = await save(db, {
        ...built.rate,
        ...(existing?._rev ? { _rev: existing._rev } : {}),
        pvt_created: now,
        pvt_modified: now,
        pvt_vsn: '1',
        pvt_account_db: encodeURIComponent(db),
      });
      return { data: publicRate(saved), revision: saved._rev };
    };

    const read = async (ctx: RequestContext): Promise<Reply> => {
      const doc = await loadLive(couch, deckOf(ctx), ctx.params.rate_id);
      return { data: publicRate(doc), revision: doc._rev };
    };

    const update = (merge: boolean) => async (ctx: RequestContext): Promise<Reply> => {
      const db = deckOf(ctx);
      const id = ctx.params.rate_id;
      const existing = await couch.get(db, id);
      if (existing?.pvt_type !== 'rate' || (merge && existing.pvt_deleted === true)) throw errors.badIdentifier(id);
      const incoming = merge ? { ...publicRate(existing), ...((ctx.data ?? {}) as object) } : ctx.data;
      const built = rateFromJson(incoming, id);
      if (!built.ok) throw errors.validation(built.errors);
      const doc: Record<string, unknown> = { ...mergePrivate(existing, built.rate), _id: id, _rev: existing._rev, pvt_type: 'rate', pvt_modified: gregorianNow() };
      delete doc.pvt_deleted;
      // Internal cost given in the body replaces the stored one.
      for (const k of ['pvt_internal_rate_cost', 'pvt_rate_cost', 'pvt_rate_surcharge'] as const) if (built.rate[k] !== undefined) doc[k] = built.rate[k];
      const saved = await save(db, doc);
      return { data: publicRate(saved), revision: saved._rev };
    };

    const remove = async (ctx: RequestContext): Promise<Reply> => {
      const db = deckOf(ctx);
      const doc = await loadLive(couch, db, ctx.params.rate_id);
      const saved = await save(db, { ...doc, pvt_deleted: true, pvt_modified: gregorianNow() });
      return { data: publicRate(saved), revision: saved._rev };
    };

    const ratedecks = async (): Promise<Reply> => {
      const dbs = (await couch.listDbs(DEFAULT_RATEDECK)).filter((n) => n === DEFAULT_RATEDECK || n.startsWith(`${DEFAULT_RATEDECK}/`));
      const data = [];
      for (const db of dbs.sort()) data.push({ id: ratedeckIdFromDb(db), database: db, rate_count: await countRates(couch, db) });
      return { data };
    };

    const routes: RouteSpec[] = [];
    for (const base of ['/v2/rates', '/v2/accounts/:account_id/rates']) {
      routes.push(
        { method: 'GET', path: base, handler: list },
        { method: 'PUT', path: base, handler: create },
        { method: 'GET', path: `${base}/ratedecks`, handler: ratedecks },
        { method: 'GET', path: `${base}/:rate_id`, handler: read },
        { method: 'POST', path: `${base}/:rate_id`, handler: update(false) },
        { method: 'PATCH', path: `${base}/:rate_id`, handler: update(true) },
        { method: 'DELETE', path: `${base}/:rate_id`, handler: remove },
      );
    }
    return routes;
  },
};
