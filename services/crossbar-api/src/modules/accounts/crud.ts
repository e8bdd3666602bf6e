// PUT /v2/accounts[/{id}], GET/POST/PATCH/DELETE /v2/accounts/{id}.
import { createAccount, deleteAccount, findMasterAccountId, updateAccount } from '@tollgate/accounts';
import { errors, type KazooError } from '@tollgate/errors';
import { countHeldNumbers } from '@tollgate/numbers';
import { requireAccountAccess, requireAuth } from '../../auth/access';
import type { Reply, RequestContext } from '../../core/types';
import { createAllowed } from '../quotas/allowance';
import { accountReply } from './respond';

/** Creates a sub-account of the path's account, or of the caller's own account (PUT /v2/accounts). */
export async function putAccount(ctx: RequestContext): Promise<Reply> {
  const auth = requireAuth(ctx);
  const parentId = ctx.params.account_id ?? auth.accountId;
  await requireAccountAccess(ctx, parentId);
  const doc = await createAllowed(ctx, parentId, 'accounts', () => createAccount(ctx.deps, { parentId, data: ctx.data }));
  return accountReply(ctx, doc);
}

export async function getAccount(ctx: RequestContext): Promise<Reply> {
  return accountReply(ctx, await requireAccountAccess(ctx, ctx.params.account_id));
}

export async function postAccount(ctx: RequestContext): Promise<Reply> {
  await requireAccountAccess(ctx, ctx.params.account_id);
  const doc = await updateAccount(ctx.deps, ctx.params.account_id, ctx.data, { mode: 'replace', authAccountId: ctx.auth?.accountId, bySuperduperAdmin: ctx.auth?.isSuperduperAdmin });
  return accountReply(ctx, doc);
}

export async function patchAccount(ctx: RequestContext): Promise<Reply> {
  await requireAccountAccess(ctx, ctx.params.account_id);
  const doc = await updateAccount(ctx.deps, ctx.params.account_id, ctx.data, { mode: 'patch', authAccountId: ctx.auth?.accountId, bySuperduperAdmin: ctx.auth?.isSuperduperAdmin });
  return accountReply(ctx, doc);
}

/** cb_accounts:allowed_methods: DELETE is not a method of the master account. */
function masterNotDeletable(): KazooError {
  const err = errors.invalidMethod() as KazooError & { allow?: string };
  err.allow = 'GET, PUT, POST, PATCH, OPTIONS';
  return err;
}

export async function removeAccount(ctx: RequestContext): Promise<Reply> {
  const auth = requireAuth(ctx);
  const id = ctx.params.account_id;
  if (id === (await findMasterAccountId(ctx.deps))) throw masterNotDeletable();
  await requireAccountAccess(ctx, id);
  // An account cannot remove itself (and lock its own users out); its parent or a superduper can.
  if (id === auth.accountId && !auth.isSuperduperAdmin) throw errors.forbidden('an account cannot delete itself; ask its parent account', id);
  // Safe delete: `?force=true` (a superduper_admin only) deletes an account that still holds records.
  const force = ctx.query.force === 'true';
  if (force && !auth.isSuperduperAdmin) throw errors.forbidden('only a superduper_admin may force the delete of an account that holds records', id);
  const doc = await deleteAccount(ctx.deps, id, { force, numbersHeld: (accountId) => countHeldNumbers(ctx.deps.couch, accountId) });
  return accountReply(ctx, doc);
}
