// Paging of listings read across an account's monthly dbs (crossbar_view:load_modb): the
// client's `start_key` decoded into where the view read starts, and the envelope's page fields.
// A key is the view key of the page's first row (as Kazoo's next_start_key), with how many rows of
// that very key the client has seen already when keys repeat.
import { errors } from '@tollgate/errors';
import type { ModbPageKey } from '@tollgate/kazoo-db';
import type { PageInfo } from './envelope';
import { encodeStartKey } from './pagination';
import type { RequestContext } from './types';

function asPageKey(raw: unknown): ModbPageKey | undefined {
  if (Array.isArray(raw)) return { key: raw, skip: 0 };
  if (raw !== null && typeof raw === 'object' && 'key' in raw && 'skip' in raw) {
    const { key, skip } = raw as { key: unknown; skip: unknown };
    if (Number.isSafeInteger(skip) && (skip as number) >= 0) return { key, skip: skip as number };
  }
  return undefined;
}

/**
 * The request's start key, when it is one `isKey` accepts for this listing (its range, its
 * source, its user); anything else is a 400 on `start_key`.
 */
export function modbStartKey(ctx: RequestContext, isKey: (key: unknown) => boolean): ModbPageKey | undefined {
  if (ctx.page.pageSize === undefined || ctx.page.startKey === undefined) return undefined;
  const key = asPageKey(ctx.page.startKey);
  if (!key || !isKey(key.key)) throw errors.field('start_key', 'invalid', 'start_key is not a key of this listing', { cause: ctx.query.start_key });
  return key;
}

/** The envelope's page fields (none with paginate=false). */
export function modbPageInfo(ctx: RequestContext, shown: number, next: ModbPageKey | undefined): PageInfo | undefined {
  if (ctx.page.pageSize === undefined) return undefined;
  return {
    page_size: shown,
    start_key: ctx.query.start_key ?? '',
    ...(next ? { next_start_key: encodeStartKey(next.skip === 0 ? next.key : next) } : {}),
  };
}
