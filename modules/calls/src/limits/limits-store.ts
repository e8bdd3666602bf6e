// The `limits` doc of an account db (kzd_limits:new's shape when written first).
import { accountDbName, type Couch, encodedAccountDb } from '@tollgate/kazoo-db';
import { LIMITS_DOC_ID, type LimitsDoc } from './limits';

export async function readLimitsDoc(couch: Couch, accountId: string): Promise<LimitsDoc | undefined> {
  return couch.get<LimitsDoc>(accountDbName(accountId), LIMITS_DOC_ID);
}

/** kzd_limits:new: the private fields a limits doc is created with. */
export function newLimitsDoc(accountId: string, nowGregorian: number): LimitsDoc {
  return {
    _id: LIMITS_DOC_ID,
    pvt_account_db: encodedAccountDb(accountId),
    pvt_account_id: accountId,
    pvt_type: 'limits',
    pvt_created: nowGregorian,
    pvt_modified: nowGregorian,
    pvt_vsn: 1,
  };
}
