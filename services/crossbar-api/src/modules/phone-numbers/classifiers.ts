// GET /v2/phone_numbers/classifiers(/{number}) (cb_phone_numbers): the classifiers, and the
// classification of one number. Public; under an account path the account is checked first.
import { classifierFor, classifierTable, normalizeNumber, toE164 } from '@tollgate/numbers';
import type { Reply, RequestContext } from '../../core/types';
import { numberManager, pathAccount } from './access';

export async function listClassifiers(ctx: RequestContext): Promise<Reply> {
  return { data: classifierTable((await numberManager(ctx).settings()).classifiers) };
}

export async function classifyOne(ctx: RequestContext): Promise<Reply> {
  const { classifiers, e164Converters } = await numberManager(ctx).settings();
  const input = ctx.params.number;
  const e164 = normalizeNumber(input, { converters: e164Converters }) ?? toE164(input, e164Converters);
  const c = classifierFor(e164, classifiers);
  return { data: { number: input, e164, ...(c ? { ...c, name: c.name } : { name: 'unknown' }) } };
}

export async function listAccountClassifiers(ctx: RequestContext): Promise<Reply> {
  await pathAccount(ctx);
  return listClassifiers(ctx);
}

export async function classifyForAccount(ctx: RequestContext): Promise<Reply> {
  await pathAccount(ctx);
  return classifyOne(ctx);
}
