// cb_tasks: /v2/tasks (help, create) and /v2/accounts/{A}/tasks (list, create, read, start, stop,
// delete, CSV download). Creation runs @tollgate/tasks's createTask, the same code as the CLI;
// starting and stopping go to the tasks service over the bus (kapi_tasks).
import { errors, KazooError } from '@tollgate/errors';
import { isResellerAccount } from '@tollgate/accounts';
import {
  createTask,
  downloadName,
  INPUT_CSV,
  lookupTasks,
  OUTPUT_CSV,
  publicTask,
  publicTaskFields,
  REPLY_ALREADY_STARTED,
  REPLY_NOT_FOUND,
  REPLY_NOT_RUNNING,
  requestStart,
  requestStop,
  type TaskDoc,
  TaskStore,
} from '@tollgate/tasks';
import { requireAccountAccess, requireAuth } from '../auth/access';
import { pageOf } from '../core/pagination';
import type { CrossbarModule, Reply, RequestContext, RouteSpec } from '../core/types';

/** The account a request acts on: the path's, else the caller's own (cb_tasks task_account_id). */
async function actingAccount(ctx: RequestContext): Promise<string> {
  const accountId = ctx.params.account_id ?? requireAuth(ctx).accountId;
  await requireAccountAccess(ctx, accountId);
  return accountId;
}

function badIdentifierWith(taskId: string, extra: Record<string, string>): KazooError {
  return new KazooError('bad_identifier', 404, 'bad_identifier', { cause: taskId, message: 'bad identifier', ...extra });
}

async function loadTask(ctx: RequestContext, store: TaskStore): Promise<TaskDoc> {
  const accountId = await actingAccount(ctx);
  const id = ctx.params.task_id;
  const doc = requireAuth(ctx).isSuperduperAdmin && !ctx.params.account_id ? await store.get(id) : await store.getForAccount(id, accountId);
  if (!doc) throw errors.badIdentifierList(id);
  return doc;
}

function wantsCsv(ctx: RequestContext): boolean {
  return ctx.accepts === 'csv' || ctx.query.csv_name !== undefined;
}

async function download(store: TaskStore, doc: TaskDoc, name: string): Promise<Reply> {
  if (name !== INPUT_CSV && name !== OUTPUT_CSV) throw errors.badIdentifierList(name);
  const body = await store.readAttachment(doc._id, name);
  if (!body) throw errors.badIdentifierList(name);
  return {
    raw: {
      contentType: 'text/csv',
      body,
      headers: { 'content-disposition': `attachment; filename="${downloadName(doc, name)}"` },
    },
  };
}

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

export const tasksModule: CrossbarModule = {
  name: 'tasks',
  routes(deps) {
    const store = new TaskStore(deps.couch);

    const help = async (ctx: RequestContext): Promise<Reply> => {
      const { help: all } = await lookupTasks(deps.bus, ctx.query.category || undefined, ctx.query.action || undefined);
      if (Object.keys(all).length === 0) throw errors.badIdentifierList('unknown category or action');
      return { data: { tasks: all } };
    };

    const create = async (ctx: RequestContext): Promise<Reply> => {
      const { category, action } = ctx.query;
      // Kazoo answers a 500 "invalid request"; the client's mistake is a 400 naming what is missing.
      if (!category || !action) throw missingTaskKind(category, action);
      const a = requireAuth(ctx);
      const accountId = await actingAccount(ctx);
      const data = (ctx.data ?? {}) as Record<string, unknown>;
      const doc = await createTask(
        { couch: deps.couch, bus: deps.bus, store },
        {
          accountId,
          category,
          action,
          fileName: ctx.query.file_name || (typeof data.file_name === 'string' ? data.file_name : undefined),
          csv: ctx.csv,
          records: ctx.csv ? undefined : records(ctx.data),
          options: { ...data, ...ctx.query },
          caller: {
            authAccountId: a.accountId,
            isSuperduperAdmin: a.isSuperduperAdmin,
            accountIsReseller: (accountId === a.accountId && a.isReseller) || (await isResellerAccount(deps.couch, accountId)),
            privLevel: a.privLevel,
          },
        },
      );
      return { data: publicTask(doc) };
    };

    const list = async (ctx: RequestContext): Promise<Reply> => {
      if (ctx.query.category || ctx.query.action) return help(ctx);
      const accountId = await actingAccount(ctx);
      const all = (await store.listByAccount(accountId)).map((d) => publicTaskFields(d, true));
      const page = pageOf(all, (t) => [t.created, t.id], { ...ctx.page, descending: true });
      return { data: page.rows, page: page.info };
    };

    const read = async (ctx: RequestContext): Promise<Reply> => {
      const doc = await loadTask(ctx, store);
      if (wantsCsv(ctx)) return download(store, doc, ctx.query.csv_name || OUTPUT_CSV);
      return { data: publicTask(doc, true), revision: doc._rev, page: { page_size: 1 } };
    };

    const readCsv = (name: string) => async (ctx: RequestContext) => download(store, await loadTask(ctx, store), name);

    const start = async (ctx: RequestContext): Promise<Reply> => {
      const doc = await loadTask(ctx, store);
      const reply = await requestStart(deps.bus, doc._id);
      if (reply === REPLY_ALREADY_STARTED) throw badIdentifierWith(doc._id, { reason: 'task already started' });
      if (reply === REPLY_NOT_FOUND) throw errors.badIdentifierList(doc._id);
      return { data: reply, revision: 'automatic', page: { page_size: 1 } };
    };

    const stop = async (ctx: RequestContext): Promise<Reply> => {
      const doc = await loadTask(ctx, store);
      const reply = await requestStop(deps.bus, doc._id);
      if (reply === REPLY_NOT_RUNNING) throw badIdentifierWith(doc._id, { reason: 'task is not running' });
      if (reply === REPLY_NOT_FOUND) throw errors.badIdentifierList(doc._id);
      return { data: reply };
    };

    const remove = async (ctx: RequestContext): Promise<Reply> => {
      const doc = await loadTask(ctx, store);
      if (doc.pvt_status === 'executing') throw badIdentifierWith(doc._id, { message: 'task is running' });
      try {
        await store.remove(doc);
      } catch (err) {
        if ((err as { statusCode?: number }).statusCode === 409) throw badIdentifierWith(doc._id, { message: 'task is running' });
        throw err;
      }
      return { data: publicTask(doc) };
    };

    const routes: RouteSpec[] = [{ method: 'GET', path: '/v2/tasks', auth: 'optional', handler: help }];
    for (const base of ['/v2/tasks', '/v2/accounts/:account_id/tasks']) {
      routes.push(
        { method: 'PUT', path: base, body: 'json-or-csv', handler: create },
        { method: 'GET', path: `${base}/:task_id`, handler: read },
        { method: 'PATCH', path: `${base}/:task_id`, body: 'json', handler: start },
        { method: 'DELETE', path: `${base}/:task_id`, handler: remove },
        { method: 'PATCH', path: `${base}/:task_id/stop`, body: 'json', handler: stop },
        { method: 'GET', path: `${base}/:task_id/input`, handler: readCsv(INPUT_CSV) },
        { method: 'GET', path: `${base}/:task_id/output`, handler: readCsv(OUTPUT_CSV) },
      );
    }
    routes.push({ method: 'GET', path: '/v2/accounts/:account_id/tasks', handler: list });
    return routes;
  },
};
