// A new account document (kzd_accounts:new + kzdb_account:create's private fields).
import { stampPvt } from '@tollgate/kazoo-db';
import { ACCOUNT_TYPE, type AccountDoc } from './account-doc';
import { normalizeName } from './normalize-name';

export interface NewAccountFacts {
  id: string;
  /** Validated public fields, defaults filled in. */
  fields: Record<string, unknown>;
  /** Ancestors, most-ancestral first ([] for the master). */
  tree: string[];
  enabled: boolean;
  apiKey: string;
  resellerId: string | undefined;
  reseller: boolean;
  superduperAdmin: boolean;
}

export function newAccountDoc(facts: NewAccountFacts): AccountDoc & { _id: string } {
  const { fields, id } = facts;
  return stampPvt(
    {
      ...fields,
      _id: id,
      pvt_api_key: facts.apiKey,
      pvt_tree: facts.tree,
      pvt_enabled: facts.enabled,
      pvt_alphanum_name: typeof fields.name === 'string' ? normalizeName(fields.name) : undefined,
      pvt_reseller: facts.reseller,
      ...(facts.resellerId ? { pvt_reseller_id: facts.resellerId } : {}),
      ...(facts.superduperAdmin ? { pvt_superduper_admin: true } : {}),
    },
    { type: ACCOUNT_TYPE, account: id },
  );
}
