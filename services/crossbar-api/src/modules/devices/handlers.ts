// The devices handlers. Admins (and api keys) of the account or of an account above it (the
// reseller) read and write any device; a plain user reads only the devices it owns. A client's
// login (not a reseller's, not a superduper_admin's) gets no `sip.password` when the account's
// reseller's whitelabel does not say `display.show_sip_password: true`.
import {
  createDevice,
  type DeviceDoc,
  deleteDevice,
  deviceView,
  fetchDevice,
  findMasterAccountId,
  listDevices,
  readWhitelabel,
  resellerIdOf,
  updateDevice,
} from '@tollgate/accounts';
import { errors } from '@tollgate/errors';
import { requireAccountAccess, requireAuth } from '../../auth/access';
import { pageOf } from '../../core/pagination';
import type { AuthContext, Reply, RequestContext } from '../../core/types';
import { createAllowed } from '../quotas/allowance';

type Account = Awaited<ReturnType<typeof requireAccountAccess>>;

/** Does this caller see SIP passwords of the account's devices? */
async function seesSipPassword(ctx: RequestContext, auth: AuthContext, account: Account): Promise<boolean> {
  if (auth.isSuperduperAdmin || auth.isReseller) return true;
  const resellerId = await resellerIdOf(ctx.deps.couch, account, await findMasterAccountId(ctx.deps));
  if (!resellerId) return true;
  const whitelabel = await readWhitelabel(ctx.deps.couch, resellerId);
  if (!whitelabel) return true;
  const display = (whitelabel as { display?: { show_sip_password?: unknown } }).display;
  return display?.show_sip_password === true;
}

async function reply(ctx: RequestContext, auth: AuthContext, account: Account, doc: DeviceDoc): Promise<Reply> {
  return { data: deviceView(doc, { hideSipPassword: !(await seesSipPassword(ctx, auth, account)) }), revision: doc._rev };
}

function isPlainUser(auth: AuthContext): boolean {
  return auth.privLevel !== 'admin';
}

async function loadDevice(ctx: RequestContext): Promise<DeviceDoc> {
  const device = await fetchDevice(ctx.deps.couch, ctx.params.account_id, ctx.params.device_id);
  if (!device) throw errors.badIdentifier(ctx.params.device_id);
  return device;
}

export async function listAccountDevices(ctx: RequestContext): Promise<Reply> {
  const auth = requireAuth(ctx);
  await requireAccountAccess(ctx, ctx.params.account_id);
  let rows = await listDevices(ctx.deps.couch, ctx.params.account_id);
  if (isPlainUser(auth)) rows = rows.filter((r) => auth.accountId === ctx.params.account_id && r.owner_id === auth.ownerId);
  const page = pageOf(rows, (r) => [String(r.name ?? ''), String(r.id)], ctx.page);
  return { data: page.rows, page: page.info };
}

export async function getDevice(ctx: RequestContext): Promise<Reply> {
  const auth = requireAuth(ctx);
  const account = await requireAccountAccess(ctx, ctx.params.account_id);
  const device = await loadDevice(ctx);
  if (isPlainUser(auth) && !(auth.accountId === ctx.params.account_id && device.owner_id === auth.ownerId)) {
    throw errors.forbidden('a user-level login may read only the devices it owns', ctx.params.device_id);
  }
  return reply(ctx, auth, account, device);
}

export async function putDevice(ctx: RequestContext): Promise<Reply> {
  const auth = requireAuth(ctx);
  const account = await requireAccountAccess(ctx, ctx.params.account_id);
  const saved = await createAllowed(ctx, ctx.params.account_id, 'devices', () => createDevice(ctx.deps, ctx.params.account_id, ctx.data));
  return reply(ctx, auth, account, saved);
}

async function update(ctx: RequestContext, mode: 'replace' | 'patch'): Promise<Reply> {
  const auth = requireAuth(ctx);
  const account = await requireAccountAccess(ctx, ctx.params.account_id);
  await loadDevice(ctx);
  return reply(ctx, auth, account, await updateDevice(ctx.deps, ctx.params.account_id, ctx.params.device_id, ctx.data, mode));
}

export function postDevice(ctx: RequestContext): Promise<Reply> {
  return update(ctx, 'replace');
}

export function patchDevice(ctx: RequestContext): Promise<Reply> {
  return update(ctx, 'patch');
}

export async function removeDevice(ctx: RequestContext): Promise<Reply> {
  const auth = requireAuth(ctx);
  const account = await requireAccountAccess(ctx, ctx.params.account_id);
  await loadDevice(ctx);
  return reply(ctx, auth, account, await deleteDevice(ctx.deps, ctx.params.account_id, ctx.params.device_id));
}
