// One read of a database's `_changes` from a position (no long poll): what was written since,
// each doc once at its latest revision, and the position to read from next. For callers that keep
// a total up to date from what changed instead of reading every doc again.
import type { Change, Seq } from './changes-follower';
import type { Couch } from './couch';
import { couchEndpoint } from './http';

export interface ChangesRead {
  results: Change[];
  /** Where the next read starts. */
  lastSeq: Seq;
  /** Changes left after this page (the server's `pending`), when it says. */
  pending?: number;
}

export interface ChangesSinceOptions {
  includeDocs?: boolean;
  /** At most this many changes (a page); read again from `lastSeq` for the rest. */
  limit?: number;
  timeoutMs?: number;
}

/** `GET /{db}/_changes?since=…`; a missing db throws as nano does (statusCode 404, `reason`), so `isDbMissing` knows it. */
export async function changesSince(couch: Couch, db: string, since: Seq, opts: ChangesSinceOptions = {}): Promise<ChangesRead> {
  const { base, headers } = couchEndpoint(couch.url);
  const qs = new URLSearchParams({ since: String(since) });
  if (opts.includeDocs) qs.set('include_docs', 'true');
  if (opts.limit !== undefined) qs.set('limit', String(opts.limit));
  const res = await fetch(`${base}/${encodeURIComponent(db)}/_changes?${qs}`, { headers, signal: AbortSignal.timeout(opts.timeoutMs ?? 60_000) });
  const body = (await res.json().catch(() => ({}))) as { results?: Change[]; last_seq?: Seq; pending?: number; error?: string; reason?: string };
  if (!res.ok) throw Object.assign(new Error(`_changes of ${db}: HTTP ${res.status} ${body.reason ?? ''}`.trim()), { statusCode: res.status, error: body.error, reason: body.reason });
  return { results: body.results ?? [], lastSeq: body.last_seq ?? since, pending: body.pending };
}
