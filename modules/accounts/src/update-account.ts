// POST (replace the public fields) and PATCH (merge into them) of an account (cb_accounts:post/patch).
import { errors } from '@tollgate/errors';
import { isPrivateKey, stampPvt } from '@tollgate/kazoo-db';
import { requireObject, validateAccountFields, withAccountDefaults } from './account-fields';
import type { AccountsDeps } from './deps';
import { type AccountDoc, isDeleted, treeOf, withPublicFields } from './domain/account-doc';
import { accountInput, deepMerge } from './domain/account-input';
import { resellerActiveChange } from './domain/reseller-active';
import { fetchAccount, updateAccountDoc } from './store/account-store';
import { withTreeLock } from './store/tree-lock';
import { docWriter } from './store/writer';

export interface UpdateAccountOptions {
  /** 'replace' (POST) or 'patch' (PATCH). */
  mode: 'replace' | 'patch';
  /**
   * The caller's account. `enabled` in the body is honoured only when the caller is an ancestor
   * (cb_accounts:maybe_import_enabled): an account cannot re-enable itself.
   */
  authAccountId?: string;
  /** The caller is a superduper_admin: the only one who may change `reseller_active`. */
  bySuperduperAdmin?: boolean;
}

function publicFields(doc: AccountDoc): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (!isPrivateKey(k) && k !== 'id' && k !== 'enabled') out[k] = v;
  return out;
}

export async function updateAccount(deps: AccountsDeps, accountId: string, data: unknown, opts: UpdateAccountOptions): Promise<AccountDoc> {
  // Checked once before the lock too: taking it writes the shared lock doc, and a refused request writes nothing.
  await plannedUpdate(deps, accountId, data, opts);
  return withTreeLock(docWriter(deps), async () => {
    const { input, fields, mayEnable, resellerActive } = await plannedUpdate(deps, accountId, data, opts);
    const saved = await updateAccountDoc(deps, accountId, (cur) => {
      const next = withPublicFields(cur, fields, mayEnable ? input.enabled : undefined);
      return stampPvt(resellerActive === undefined ? next : { ...next, pvt_reseller_active: resellerActive });
    });
    if (!saved) throw errors.badIdentifier(accountId);
    return saved;
  });
}

/** The validated fields of an update of a live account, or Kazoo's error; reads only. */
async function plannedUpdate(deps: AccountsDeps, accountId: string, data: unknown, opts: UpdateAccountOptions) {
  const existing = await fetchAccount(deps.couch, accountId);
  if (!existing || isDeleted(existing)) throw errors.badIdentifier(accountId);
  const body = requireObject(data, 'accounts');
  const resellerActive = resellerActiveChange(existing, body.reseller_active, opts.bySuperduperAdmin === true);
  const input = accountInput(body);
  const requested = opts.mode === 'patch' ? deepMerge(publicFields(existing), input.fields) : input.fields;
  // A POST that leaves the realm out keeps it (Kazoo would generate a new one and break SIP).
  if (requested.realm === undefined && typeof existing.realm === 'string') requested.realm = existing.realm;
  const fields = await validateAccountFields(deps, accountId, await withAccountDefaults(deps, requested), body.enabled);
  const mayEnable = opts.authAccountId !== undefined && opts.authAccountId !== accountId && treeOf(existing).includes(opts.authAccountId);
  return { input, fields, mayEnable, resellerActive };
}

