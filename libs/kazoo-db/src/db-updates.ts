// CouchDB 3's `_db_updates` feed, one long poll at a time (nano cannot abort one).
import { couchEndpoint } from './http';

export interface DbUpdate {
  db_name: string;
  type: string;
  seq: string;
}

/**
 * One long poll of `_db_updates` since `since`: the updates and the position to poll from next,
 * or `unsupported` when the server does not serve the feed (the embedded one answers 400).
 */
export async function dbUpdatesLongpoll(
  couchUrl: string,
  since: string,
  signal: AbortSignal,
  timeoutMs = 30_000,
): Promise<{ results: DbUpdate[]; lastSeq: string } | 'unsupported'> {
  const ep = couchEndpoint(couchUrl);
  const res = await fetch(`${ep.base}/_db_updates?feed=longpoll&timeout=${timeoutMs}&since=${encodeURIComponent(since)}`, { headers: ep.headers, signal });
  if (res.status === 400 || res.status === 404 || res.status === 405) {
    await res.body?.cancel();
    return 'unsupported';
  }
  if (res.status !== 200) throw new Error(`_db_updates: HTTP ${res.status}`);
  const body = (await res.json()) as { results?: DbUpdate[]; last_seq?: string };
  return { results: body.results ?? [], lastSeq: body.last_seq ?? since };
}
