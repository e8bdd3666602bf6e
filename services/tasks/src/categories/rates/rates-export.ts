// rates/export (kt_rates export): every live rate of a deck (option ratedeck_id, default
// `ratedeck`) into out.csv, a page at a time; the next page's first id is kept in the task state.
import { DEFAULT_RATEDECK, liveRatePage, RATE_DOC_FIELDS, rateToCsvCells, ratedeckExists } from '@tollgate/ratedecks';
import type { ExportPage, NoInputAction, TaskContext } from '../category';

const PAGE = 1000;

async function nextPage(ctx: TaskContext): Promise<ExportPage> {
  const deck = ctx.task.pvt_options?.ratedeck_id || DEFAULT_RATEDECK;
  const owner = ctx.task.pvt_auth_superduper ? undefined : ctx.task.pvt_account_id;
  const startkey = typeof ctx.state.next === 'string' ? ctx.state.next : undefined;
  if (!(await ratedeckExists(ctx.couch, deck))) return { rows: [], more: false };
  const page = await liveRatePage(ctx.couch, deck, PAGE, startkey);
  const out = page.rates.filter((d) => owner === undefined || d.account_id === owner).map((d) => rateToCsvCells(d));
  ctx.state.next = page.next;
  return { rows: out, more: page.next !== undefined };
}

export const ratesExport: NoInputAction = {
  kind: 'noinput',
  help: { description: 'Export ratedeck', doc: 'Export rates from the supplied ratedeck' },
  policy: { allowed: 'reseller', options: { ratedeck_id: 'text' } },
  outputHeader: [...RATE_DOC_FIELDS],
  nextPage,
};
