// A listing answered as CSV (Accept: text/csv, ?accept=csv): fixed columns, a header even when
// nothing matched, cells defused for spreadsheets (csvLine), and the file name the client asked
// for (`X-File-Name` or `?file_name=`, as cb_cdrs) when it is a plain one.
import { Readable } from 'node:stream';
import { csvLine } from '@tollgate/tasks';
import type { Reply, RequestContext } from './types';

const SAFE_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

function cellText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(cellText).join(',');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** The file name of the download: the client's when it is plain, else `fallback`. */
function fileName(ctx: RequestContext, fallback: string): string {
  const header = ctx.req.headers['x-file-name'];
  const asked = ctx.query.file_name ?? (typeof header === 'string' ? header : undefined);
  return asked !== undefined && SAFE_FILE_NAME.test(asked) ? asked : fallback;
}

export function csvReply(ctx: RequestContext, columns: readonly string[], rows: readonly Record<string, unknown>[], fallbackName: string): Reply {
  const body = csvLine(columns) + rows.map((row) => csvLine(columns.map((c) => cellText(row[c])))).join('');
  return { raw: { contentType: 'text/csv', body, headers: { 'content-disposition': `attachment; filename="${fileName(ctx, fallbackName)}"` } } };
}

/** Nested objects as columns joined by `_` (kz_csv's headings: `source_service`, `usage_quantity`). */
export function flattenForCsv(row: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    const key = prefix === '' ? k : `${prefix}_${k}`;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) Object.assign(out, flattenForCsv(v as Record<string, unknown>, key));
    else out[key] = v;
  }
  return out;
}

/** Every key of the rows, in order of first use. */
export function columnsOf(rows: readonly Record<string, unknown>[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const k of Object.keys(row)) seen.add(k);
  return [...seen];
}

/**
 * A CSV download written as its rows come (a report of a million calls): the header, then the
 * rows in chunks of about 64 KiB, pulled only as fast as the client reads (Readable.from).
 */
export function csvStreamReply(ctx: RequestContext, columns: readonly string[], pages: AsyncIterable<readonly Record<string, unknown>[]>, fallbackName: string): Reply {
  async function* chunks(): AsyncGenerator<string> {
    let buf = csvLine(columns);
    for await (const rows of pages) {
      for (const row of rows) buf += csvLine(columns.map((c) => cellText(row[c])));
      if (buf.length >= 65_536) {
        yield buf;
        buf = '';
      }
    }
    if (buf !== '') yield buf;
  }
  const body = Readable.from(chunks(), { objectMode: false });
  // A read that fails half way (the headers are sent) cuts the download short rather than the
  // process; a client that goes away stops the reads.
  body.on('error', (err) => ctx.res.destroy(err));
  ctx.res.once('close', () => body.destroy());
  return { raw: { contentType: 'text/csv', body, headers: { 'content-disposition': `attachment; filename="${fileName(ctx, fallbackName)}"` } } };
}
