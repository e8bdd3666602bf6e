// What a batch of ids holds now, deleted docs included: a writer that merges over stored docs
// needs the revision of a deleted one to write over it. One POST to `_all_docs` with the keys in
// the body, so thousands of ids fit (a GET with them in the query string is refused, HTTP 431).
import type { Couch } from './couch';
import { couchEndpoint } from './http';
import type { Doc } from './pvt';

/** A live doc, or the revision of a deleted one. */
export type DocState<T extends Doc = Doc> = { deleted: false; doc: T & { _id: string; _rev: string } } | { deleted: true; rev: string };

interface Row<T> {
  key: string;
  error?: string;
  value?: { rev: string; deleted?: boolean };
  doc?: (T & { _id: string; _rev: string }) | null;
}

/** The state of each id that was ever written (ids never written are left out). */
export async function readDocStates<T extends Doc = Doc>(couch: Couch, db: string, ids: readonly string[]): Promise<Map<string, DocState<T>>> {
  const out = new Map<string, DocState<T>>();
  if (ids.length === 0) return out;
  const { base, headers } = couchEndpoint(couch.url);
  const res = await fetch(`${base}/${encodeURIComponent(db)}/_all_docs?include_docs=true`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ keys: [...new Set(ids)] }),
  });
  if (!res.ok) throw Object.assign(new Error(`POST ${db}/_all_docs: HTTP ${res.status}`), { statusCode: res.status });
  const { rows } = (await res.json()) as { rows: Row<T>[] };
  for (const row of rows) {
    if (row.error || !row.value) continue;
    if (row.doc) out.set(row.key, { deleted: false, doc: row.doc });
    else if (row.value.deleted) out.set(row.key, { deleted: true, rev: row.value.rev });
  }
  return out;
}
