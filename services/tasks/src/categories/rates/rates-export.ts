// rates/export (kt_rates export): every live rate of a deck (option ratedeck_id, default
// `ratedeck`) into out.csv, a page at a time; the next page's first id is kept in the task state.
import { ratedeckDb } from '@tollgate/kazoo-db';
import { RATE_DOC_FIELDS, rateToCsvCells } from '@tollgate/ratedeck';
import type { ExportPage, NoInputAction, TaskContext } from '../category';

const PAGE = 1000;

async function nextPage(ctx: TaskContext): Promise<ExportPage> {
  const db = ratedeckDb(ctx.task.pvt_options?.ratedeck_id);
  const owner = ctx.task.pvt_auth_superduper ? undefined : ctx.task.pvt_account_id;
  const startkey = typeof ctx.state.next === 'string' ? ctx.state.next : undefined;
  if (!(await ctx.couch.dbExists(db))) return { rows: [], more: false };
  const res = await ctx.couch.db(db).list({ include_docs: true, limit: PAGE + 1, ...(startkey !== undefined ? { startkey } : {}) });
  const rows = res.rows as unknown as { id: string; doc?: Record<string, unknown> }[];
  const out = rows
    .slice(0, PAGE)
    .map((r) => r.doc)
    .filter((d): d is Record<string, unknown> => !!d && d.pvt_type === 'rate' && d.pvt_deleted !== true)
    .filter((d) => owner === undefined || d.account_id === owner)
    .map((d) => rateToCsvCells(d));
  const more = rows.length > PAGE;
  ctx.state.next = more ? rows[PAGE].id : undefined;
  return { rows: out, more };
}

export const ratesExport: NoInputAction = {
  kind: 'noinput',
  help: { description: 'Export ratedeck', doc: 'Export rates from the supplied ratedeck' },
  policy: { allowed: 'reseller', options: { ratedeck_id: 'text' } },
  outputHeader: [...RATE_DOC_FIELDS],
  nextPage,
};
