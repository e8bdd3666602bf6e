// GET /v2/accounts/{id}/children|descendants|siblings|parents|tree.
import { accountsSettings, listAncestors, listChildren, listDescendants, listSiblings, type TreeRow, treeOf } from '@tollgate/accounts';
import { errors } from '@tollgate/errors';
import { requireAccountAccess, requireAuth } from '../../auth/access';
import { pageOf } from '../../core/pagination';
import type { Reply, RequestContext } from '../../core/types';

function paged<T extends TreeRow>(ctx: RequestContext, rows: T[]): Reply {
  const page = pageOf(rows, (r) => [r.name, r.id], ctx.page);
  return { data: page.rows, page: page.info };
}

/** A listing row as cb_accounts shows it (keys in Kazoo's order). */
function listed(r: TreeRow & { descendants_count?: number }): TreeRow & { descendants_count?: number } {
  return { ...(r.descendants_count !== undefined ? { descendants_count: r.descendants_count } : {}), flags: r.flags, id: r.id, name: r.name, realm: r.realm, tree: r.tree };
}

export async function children(ctx: RequestContext): Promise<Reply> {
  await requireAccountAccess(ctx, ctx.params.account_id);
  const rows = await listChildren(ctx.deps.couch, ctx.params.account_id);
  return paged(ctx, rows.map(listed));
}

export async function descendants(ctx: RequestContext): Promise<Reply> {
  await requireAccountAccess(ctx, ctx.params.account_id);
  const rows = await listDescendants(ctx.deps.couch, ctx.params.account_id);
  return paged(ctx, rows.map(listed));
}

/**
 * Siblings of an account the caller reaches. Listing the siblings of one's own account (the other
 * accounts under the same parent) is what `allow_sibling_listing` (crossbar.accounts, default true)
 * allows; a superduper_admin always may.
 */
export async function siblings(ctx: RequestContext): Promise<Reply> {
  const auth = requireAuth(ctx);
  const account = await requireAccountAccess(ctx, ctx.params.account_id);
  if (account._id === auth.accountId && !auth.isSuperduperAdmin && !(await accountsSettings(ctx.deps.config)).allowSiblingListing) {
    throw errors.forbidden('listing the siblings of your own account is disabled (crossbar.accounts allow_sibling_listing)', auth.accountId);
  }
  const rows = await listSiblings(ctx.deps.couch, account);
  return paged(ctx, rows.map(listed));
}

/** parents and tree: the ancestors from the caller's own account down (what is above the caller stays hidden). */
export async function ancestors(ctx: RequestContext): Promise<Reply> {
  const auth = requireAuth(ctx);
  const account = await requireAccountAccess(ctx, ctx.params.account_id);
  const tree = treeOf(account);
  const visible = auth.isSuperduperAdmin || tree.includes(auth.accountId);
  const rows = visible ? await listAncestors(ctx.deps.couch, account, auth.isSuperduperAdmin ? undefined : auth.accountId) : [];
  return { data: rows, page: { page_size: rows.length } };
}
