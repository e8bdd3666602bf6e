// POST /v2/accounts/{id}/move {"to": "<account id>"}.
import { type AccountDoc, accountsSettings, fetchAccount, isDeleted, moveAccount, treeOf } from '@tollgate/accounts';
import { errors } from '@tollgate/errors';
import { isAccountId } from '@tollgate/kazoo-db';
import { schemaValidator } from '@tollgate/schemas';
import { requireAccountAccess, requireAuth } from '../../auth/access';
import type { AuthContext, Reply, RequestContext } from '../../core/types';
import { accountReply } from './respond';

/**
 * The destination in the body. Its type is the `accounts_move` schema's to check; a missing or
 * empty `to` (a body that is no object names none) is cb_accounts:validate_move's own error, with
 * Kazoo's message for it.
 */
function destinationOf(data: unknown): string {
  const body = data !== null && typeof data === 'object' && !Array.isArray(data) ? data : {};
  const checked = schemaValidator().check('accounts_move', body);
  if (!checked.ok) throw errors.validation(checked.errors);
  const to = checked.doc.to;
  if (typeof to !== 'string' || to === '') throw errors.field('to', 'required', "Field 'to' is required");
  return to;
}

/** The live account named as the destination, or 404. */
async function destination(ctx: RequestContext, toId: string): Promise<AccountDoc> {
  if (!isAccountId(toId)) throw errors.badIdentifier(toId);
  const to = await fetchAccount(ctx.deps.couch, toId);
  if (!to || isDeleted(to)) throw errors.badIdentifier(toId);
  return to;
}

/**
 * crossbar.accounts allow_move: `superduper_admin` (default) lets only a superduper_admin move
 * accounts; `tree` also lets an account above both the account and its new place.
 */
async function requireMayMove(ctx: RequestContext, auth: AuthContext, account: AccountDoc, to: AccountDoc): Promise<void> {
  if (auth.isSuperduperAdmin) return;
  const rule = (await accountsSettings(ctx.deps.config)).allowMove;
  const aboveAccount = treeOf(account).includes(auth.accountId);
  const aboveTarget = to._id === auth.accountId || treeOf(to).includes(auth.accountId);
  if (rule !== 'tree' || !aboveAccount || !aboveTarget) {
    throw errors.forbidden(rule === 'tree' ? 'you may move accounts only within your own tree' : 'only a superduper_admin may move accounts', ctx.params.account_id);
  }
}

export async function move(ctx: RequestContext): Promise<Reply> {
  const auth = requireAuth(ctx);
  // Kazoo's order: authorize before validate, so a refused caller learns nothing from the body.
  const account = await requireAccountAccess(ctx, ctx.params.account_id);
  const to = await destination(ctx, destinationOf(ctx.data));
  await requireMayMove(ctx, auth, account, to);
  return accountReply(ctx, await moveAccount(ctx.deps, ctx.params.account_id, String(to._id)));
}
