// Kazoo v2 pagination: page_size (default system_config crossbar pagination_page_size = 50),
// opaque start_key / next_start_key, paginate=false for everything.
import { errors } from '@tollgate/errors';
import type { PageInfo } from './envelope';
import { nestsDeeperThan } from './json-depth';

/** Keys are a value or a short list ([name, id]); anything nested deeper is not one of ours. */
const START_KEY_MAX_DEPTH = 16;

export interface PageRequest {
  /** undefined = no pagination (paginate=false). */
  pageSize: number | undefined;
  startKey: unknown;
  descending: boolean;
}

/** Keys are opaque to clients: base64url of the JSON key; a key that does not decode is used raw (as Kazoo). */
export function encodeStartKey(key: unknown): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeStartKey(raw: string): unknown {
  const text = Buffer.from(raw, 'base64url').toString('utf8');
  if (Buffer.from(text).toString('base64url') !== raw.replace(/=+$/, '')) return raw;
  if (nestsDeeperThan(text, START_KEY_MAX_DEPTH)) {
    throw errors.field('start_key', 'maxDepth', `start_key nests deeper than ${START_KEY_MAX_DEPTH} levels`);
  }
  try {
    return JSON.parse(text);
  } catch {
    return raw;
  }
}

export interface Page<T> {
  rows: T[];
  info: PageInfo | undefined;
}

/**
 * Pages an already sorted list by a key function: rows with key >= start_key (<= when
 * descending), page_size of them, next_start_key = the key of the first row not returned.
 */
export function pageOf<T>(all: readonly T[], keyOf: (row: T) => unknown, req: PageRequest, compare = defaultCompare): Page<T> {
  if (req.pageSize === undefined) return { rows: [...all], info: undefined };
  const start = req.startKey;
  const from = start === undefined ? 0 : all.findIndex((r) => (req.descending ? compare(keyOf(r), start) <= 0 : compare(keyOf(r), start) >= 0));
  const rows = from < 0 ? [] : all.slice(from, from + req.pageSize);
  const next = from < 0 ? undefined : all[from + req.pageSize];
  return {
    rows,
    info: {
      page_size: rows.length,
      start_key: start === undefined ? '' : encodeStartKey(start),
      ...(next !== undefined ? { next_start_key: encodeStartKey(keyOf(next)) } : {}),
    },
  };
}

function defaultCompare(a: unknown, b: unknown): number {
  const sa = JSON.stringify(a);
  const sb = JSON.stringify(b);
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = defaultCompare(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}
