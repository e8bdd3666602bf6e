// PUT /v2/tasks?category=&action= (and under an account): a task from a CSV body or JSON
// `records`, through @tollgate/tasks's createTask (the same code as the CLI).
import { isResellerAccount } from '@tollgate/accounts';
import { errors, type KazooError } from '@tollgate/errors';
import { createTask, publicTask } from '@tollgate/tasks';
import { requireAuth } from '../../auth/access';
import type { Reply, RequestContext } from '../../core/types';
import { actingAccount, taskStore } from './access';

function missingTaskKind(category: string | undefined, action: string | undefined): KazooError {
  const required = (key: string) => ({ [key]: { required: { message: `${key} is required (?${key}=; GET /v2/tasks lists them)` } } });
  return errors.validation({ ...(category ? {} : required('category')), ...(action ? {} : required('action')) });
}

function records(data: unknown): Record<string, unknown>[] | undefined {
  const r = (data as { records?: unknown } | undefined)?.records;
  if (r === undefined) return undefined;
  if (!Array.isArray(r) || !r.every((x) => typeof x === 'object' && x !== null && !Array.isArray(x))) {
    throw errors.field('records', 'type', 'Value did not match type(s): array of objects', { target: 'array' });
  }
  return r as Record<string, unknown>[];
}

export async function create(ctx: RequestContext): Promise<Reply> {
  const { category, action } = ctx.query;
  // Kazoo answers a 500 "invalid request"; the client's mistake is a 400 naming what is missing.
  if (!category || !action) throw missingTaskKind(category, action);
  const auth = requireAuth(ctx);
  const accountId = await actingAccount(ctx);
  const data = (ctx.data ?? {}) as Record<string, unknown>;
  const rows = ctx.csv ? undefined : records(ctx.data);
  const doc = await createTask(
    { couch: ctx.deps.couch, bus: ctx.deps.bus, store: taskStore(ctx) },
    {
      accountId,
      category,
      action,
      fileName: ctx.query.file_name || (typeof data.file_name === 'string' ? data.file_name : undefined),
      csv: ctx.csv,
      records: rows,
      options: { ...data, ...ctx.query },
      caller: {
        authAccountId: auth.accountId,
        isSuperduperAdmin: auth.isSuperduperAdmin,
        accountIsReseller: (accountId === auth.accountId && auth.isReseller) || (await isResellerAccount(ctx.deps.couch, accountId)),
        privLevel: auth.privLevel,
      },
    },
  );
  return { data: publicTask(doc) };
}
