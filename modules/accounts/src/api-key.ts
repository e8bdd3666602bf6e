// The account's API key (pvt_api_key) used by PUT /v2/api_auth.
import { errors } from '@tollgate/errors';
import { stampPvt } from '@tollgate/kazoo-db';
import type { AccountsDeps } from './deps';
import { type AccountDoc, isDeleted } from './domain/account-doc';
import { newApiKey } from './domain/ids';
import { updateAccountDoc } from './store/account-store';

/** A new key replaces the old one at once; tokens issued with the old key stop working. */
export async function regenerateApiKey(deps: AccountsDeps, accountId: string): Promise<AccountDoc> {
  const saved = await updateAccountDoc(deps, accountId, (cur) => (isDeleted(cur) ? undefined : stampPvt({ ...cur, pvt_api_key: newApiKey() })));
  if (!saved || isDeleted(saved)) throw errors.badIdentifier(accountId);
  return saved;
}
