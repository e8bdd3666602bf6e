// What charging reads of accounts, through the accounts module and kept a few minutes per
// account: its name (kz_ledger:set_account names the account on each entry) and its reseller
// (for an event whose CCVs do not name one, as j5_request:ccv_reseller_id asks kz_services_reseller).
import { fetchAccount, findMasterAccountId, resellerIdOf } from '@tollgate/accounts';
import type { SystemConfig } from '@tollgate/config';
import type { Couch } from '@tollgate/kazoo-db';
import type { AccountFacts } from './channel-destroy-batch';

const KEEP_MS = 5 * 60 * 1000;

interface Facts {
  name?: string;
  resellerId?: string;
  at: number;
}

export function accountFacts(deps: { couch: Couch; config: SystemConfig }, now: () => number = Date.now): AccountFacts {
  const known = new Map<string, Promise<Facts>>();
  const load = async (accountId: string): Promise<Facts> => {
    const account = await fetchAccount(deps.couch, accountId);
    if (!account) return { at: now() };
    const resellerId = await resellerIdOf(deps.couch, account, await findMasterAccountId(deps));
    return { name: typeof account.name === 'string' ? account.name : undefined, resellerId, at: now() };
  };
  const facts = async (accountId: string): Promise<Facts> => {
    const cached = known.get(accountId);
    if (cached) {
      const f = await cached;
      if (now() - f.at < KEEP_MS) return f;
    }
    const loading = load(accountId);
    known.set(accountId, loading);
    // A failed read is not kept: the next call reads again.
    loading.catch(() => known.delete(accountId));
    return loading;
  };
  return {
    name: async (id) => (await facts(id)).name,
    resellerOf: async (id) => (await facts(id)).resellerId,
  };
}
