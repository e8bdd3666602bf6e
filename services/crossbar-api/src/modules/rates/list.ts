// GET /v2/rates: the live rates of a deck, paginated as crossbar pages (`page_size`, `start_key`),
// or the whole deck as the export CSV (Accept: text/csv).
import { Readable } from 'node:stream';
import { errors } from '@tollgate/errors';
import { liveRatePage, liveRatePages, RATE_DOC_FIELDS, rateToCsvCells, ratedeckDb, ratedeckExists, type StoredRate } from '@tollgate/ratedecks';
import { csvLine } from '@tollgate/tasks';
import type { Couch } from '@tollgate/kazoo-db';
import { encodeStartKey } from '../../core/pagination';
import type { Reply, RequestContext } from '../../core/types';
import { deckOf } from './deck-of';

const CSV_PAGE = 1000;
const MAX_PAGE = 100_000;

/** cb_rates' summary of a rate in a listing. */
function listingRow(d: StoredRate): Record<string, unknown> {
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

async function* csvExport(couch: Couch, deck: string): AsyncGenerator<string> {
  yield csvLine(RATE_DOC_FIELDS);
  for await (const rates of liveRatePages(couch, deck, CSV_PAGE)) yield rates.map((d) => csvLine(rateToCsvCells(d))).join('');
}

export async function listRates(ctx: RequestContext): Promise<Reply> {
  const { couch } = ctx.deps;
  const deck = deckOf(ctx);
  if (!(await ratedeckExists(couch, deck))) throw errors.datastoreMissing(ratedeckDb(deck));
  if (ctx.accepts === 'csv') {
    return { raw: { contentType: 'text/csv', body: Readable.from(csvExport(couch, deck)), headers: { 'content-disposition': `attachment; filename="rates_${deck}.csv"` } } };
  }
  const size = ctx.page.pageSize ?? Number.MAX_SAFE_INTEGER;
  const start = typeof ctx.page.startKey === 'string' ? ctx.page.startKey : undefined;
  const page = await liveRatePage(couch, deck, Math.min(size, MAX_PAGE), start);
  return {
    data: page.rates.map(listingRow),
    page:
      ctx.page.pageSize === undefined
        ? undefined
        : { page_size: page.rates.length, start_key: start === undefined ? '' : encodeStartKey(start), ...(page.next ? { next_start_key: encodeStartKey(page.next) } : {}) },
  };
}
