// `_local` documents: kept in a database but never replicated, never in `_changes` and not
// counted in its update_seq — the place for a reader's own checkpoints about that database.
import type { Couch } from './couch';
import { couchEndpoint } from './http';

function localUrl(couch: Couch, db: string, name: string): { url: string; headers: Record<string, string> } {
  const { base, headers } = couchEndpoint(couch.url);
  return { url: `${base}/${encodeURIComponent(db)}/_local/${encodeURIComponent(name)}`, headers: { ...headers, 'content-type': 'application/json' } };
}

/** `_local/<name>` of the db, or undefined when it (or the db) does not exist. */
export async function getLocalDoc<T extends Record<string, unknown>>(couch: Couch, db: string, name: string): Promise<(T & { _rev?: string }) | undefined> {
  const { url, headers } = localUrl(couch, db, name);
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(30_000) });
  if (res.status === 404) {
    await res.body?.cancel();
    return undefined;
  }
  if (!res.ok) throw Object.assign(new Error(`GET ${db}/_local/${name}: HTTP ${res.status}`), { statusCode: res.status });
  return (await res.json()) as T & { _rev?: string };
}

/** Writes `_local/<name>` over revision `rev` (none: a new one); its new revision, or 'conflict' when `rev` is not the current one. */
export async function putLocalDoc(couch: Couch, db: string, name: string, body: Record<string, unknown>, rev?: string): Promise<string | 'conflict'> {
  const { url, headers } = localUrl(couch, db, name);
  const res = await fetch(url, { method: 'PUT', headers, body: JSON.stringify(rev ? { ...body, _rev: rev } : body), signal: AbortSignal.timeout(30_000) });
  const answer = (await res.json().catch(() => ({}))) as { rev?: string; reason?: string };
  if (res.status === 409) return 'conflict';
  if (!res.ok) throw Object.assign(new Error(`PUT ${db}/_local/${name}: HTTP ${res.status} ${answer.reason ?? ''}`.trim()), { statusCode: res.status });
  return answer.rev ?? '';
}

/** Deletes `_local/<name>` at revision `rev`; false when it was not there (or `rev` is not its current one). */
export async function deleteLocalDoc(couch: Couch, db: string, name: string, rev: string): Promise<boolean> {
  const { url, headers } = localUrl(couch, db, name);
  const res = await fetch(`${url}?rev=${encodeURIComponent(rev)}`, { method: 'DELETE', headers, signal: AbortSignal.timeout(30_000) });
  await res.body?.cancel();
  if (res.status === 404 || res.status === 409) return false;
  if (!res.ok) throw Object.assign(new Error(`DELETE ${db}/_local/${name}: HTTP ${res.status}`), { statusCode: res.status });
  return true;
}
