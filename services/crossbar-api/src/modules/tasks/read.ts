// GET a task: its public JSON, or one of its CSVs (Accept: text/csv / ?csv_name=, or /input, /output).
import { errors } from '@tollgate/errors';
import { downloadName, INPUT_CSV, OUTPUT_CSV, publicTask, type TaskDoc } from '@tollgate/tasks';
import type { Reply, RequestContext } from '../../core/types';
import { loadTask, taskStore } from './access';

async function download(ctx: RequestContext, doc: TaskDoc, name: string): Promise<Reply> {
  if (name !== INPUT_CSV && name !== OUTPUT_CSV) throw errors.badIdentifierList(name);
  const body = await taskStore(ctx).readAttachment(doc._id, name);
  if (!body) throw errors.badIdentifierList(name);
  return {
    raw: {
      contentType: 'text/csv',
      body,
      headers: { 'content-disposition': `attachment; filename="${downloadName(doc, name)}"` },
    },
  };
}

export async function read(ctx: RequestContext): Promise<Reply> {
  const doc = await loadTask(ctx);
  if (ctx.accepts === 'csv' || ctx.query.csv_name !== undefined) return download(ctx, doc, ctx.query.csv_name || OUTPUT_CSV);
  return { data: publicTask(doc, true), revision: doc._rev, page: { page_size: 1 } };
}

export async function readInput(ctx: RequestContext): Promise<Reply> {
  return download(ctx, await loadTask(ctx), INPUT_CSV);
}

export async function readOutput(ctx: RequestContext): Promise<Reply> {
  return download(ctx, await loadTask(ctx), OUTPUT_CSV);
}
