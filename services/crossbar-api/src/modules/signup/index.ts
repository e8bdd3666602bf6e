// cb_signup (Kazoo 4.0/4.1) reworked for the reseller portal (seed 003): `PUT /v2/signup` (no
// login) creates a client under the reseller whose branded domain it is made on (the `domain`
// field, else `reseller_id`, else the request's Host) in WAIT; `GET /v2/accounts/{R}/signups`
// lists the reseller's waiting signups; `PUT /v2/accounts/{C}/signup/activate` enables one with
// balance management soft. Signups are throttled per source address (429).
import { activateSignup, createSignup, listSignups, mailFrom, type SignupStatus, signupFields, signupRow, signupTarget } from '@tollgate/accounts';
import { saveLimits } from '@tollgate/calls';
import { errors } from '@tollgate/errors';
import { requireAccountAccess, requireAccountAdmin } from '../../auth/access';
import { SIGNUP_THROTTLE, throttle } from '../../auth/request-throttle';
import { pageOf } from '../../core/pagination';
import type { CrossbarModule, Reply, RequestContext } from '../../core/types';
import { defaultMailFrom, sendMail } from '../../mail/send-mail';
import { createAllowed } from '../quotas/allowance';

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

function hostOf(ctx: RequestContext): string | undefined {
  const host = str(ctx.req.headers.host);
  if (!host) return undefined;
  try {
    return new URL(`http://${host}`).hostname;
  } catch {
    return undefined;
  }
}

async function signup(ctx: RequestContext): Promise<Reply> {
  await throttle(ctx, SIGNUP_THROTTLE);
  const data = (ctx.data && typeof ctx.data === 'object' && !Array.isArray(ctx.data) ? ctx.data : {}) as Record<string, unknown>;
  const domain = str(data.domain);
  const resellerId = str(data.reseller_id);
  const target = await signupTarget(ctx.deps, domain || resellerId ? { domain, resellerId } : { domain: hostOf(ctx) });
  const fields = signupFields(data, target.whitelabel);
  const result = await createSignup(ctx.deps, target, fields, (accountId, kind, create) => createAllowed(ctx, accountId, kind, create));
  const sent = await sendMail(ctx.deps.config, { ...result.mail, from: mailFrom(target.whitelabel, await defaultMailFrom(ctx.deps.config)) }, 'signup_waiting');
  return {
    status: 201,
    data: { account_id: result.account._id, name: result.account.name, status: 'wait', username: fields.email, mail_sent: sent },
  };
}

/** The reseller itself (an admin) or a superduper_admin. */
async function resellerOnly(ctx: RequestContext): Promise<string> {
  const auth = requireAccountAdmin(ctx);
  const resellerId = ctx.params.account_id;
  await requireAccountAccess(ctx, resellerId);
  if (!auth.isSuperduperAdmin && auth.accountId !== resellerId) throw errors.forbidden("a reseller lists its own clients' signups", auth.accountId);
  return resellerId;
}

async function list(ctx: RequestContext): Promise<Reply> {
  const resellerId = await resellerOnly(ctx);
  const status = (ctx.query.status ?? 'wait') as SignupStatus;
  if (status !== 'wait' && status !== 'active') throw errors.field('status', 'enum', 'status must be wait or active', { cause: status });
  const rows = await listSignups(ctx.deps.couch, resellerId, status);
  const page = pageOf(rows, (r) => String(r.id), ctx.page);
  return { data: page.rows, page: page.info };
}

async function activate(ctx: RequestContext): Promise<Reply> {
  const auth = requireAccountAdmin(ctx);
  const accountId = ctx.params.account_id;
  await requireAccountAccess(ctx, accountId);
  const saved = await activateSignup(ctx.deps, auth, accountId);
  // The seed's default for a new client: balance management soft.
  await saveLimits(ctx.deps, accountId, { balance_management: 'soft' });
  return { data: signupRow(saved) };
}

export const signupModule: CrossbarModule = {
  name: 'signup',
  routes: () => [
    { method: 'PUT', path: '/v2/signup', auth: 'none', doc: { summary: "sign up as a client of the reseller of a branded domain (no login); the account waits for the reseller's activation", request: 'signup' }, handler: signup },
    { method: 'GET', path: '/v2/accounts/:account_id/signups', doc: { summary: "a reseller's signups and whether each waits for activation" }, handler: list },
    { method: 'PUT', path: '/v2/accounts/:account_id/signup/activate', doc: { summary: 'activate a waiting signup: the account and its user are enabled, balance management soft' }, handler: activate },
    { method: 'POST', path: '/v2/accounts/:account_id/signup/activate', doc: { summary: 'activate a waiting signup (same as PUT)' }, handler: activate },
  ],
};
