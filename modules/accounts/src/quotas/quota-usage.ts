// What an account's quota is measured against: the records held by the account and every account
// below it (for a reseller, the sum over all of its customers), counted now by the services
// module's countRecords (users, devices, numbers held) and the tree views (sub-accounts). The
// quantities the services doc keeps lag behind (they are recounted by services-sync after its
// buffer period), so a check made against them could let two creates through; this one is exact.
import { countRecords, type NumberSource } from '@tollgate/services';
import type { LookupDeps } from '../deps';
import type { QuotaKind, Usage } from '../domain/quota-rules';
import { listDescendants } from '../tree-queries';

export type QuotaDeps = LookupDeps & { numbers: NumberSource };

const PARALLEL = 8;

/** The usage of the kinds asked for (the others are 0) over the account's subtree. */
export async function subtreeUsage(deps: QuotaDeps, accountId: string, kinds: readonly QuotaKind[]): Promise<Usage> {
  const usage: Usage = { accounts: 0, users: 0, devices: 0, phone_numbers: 0 };
  const descendants = await listDescendants(deps.couch, accountId);
  usage.accounts = descendants.length;
  if (!kinds.some((k) => k !== 'accounts')) return usage;
  const ids = [accountId, ...descendants.map((r) => r.id)];
  for (let i = 0; i < ids.length; i += PARALLEL) {
    const counts = await Promise.all(ids.slice(i, i + PARALLEL).map((id) => countRecords(deps.couch, id, deps.numbers)));
    for (const c of counts) {
      usage.users += c.users;
      usage.devices += c.devices;
      usage.phone_numbers += c.phone_numbers;
    }
  }
  return usage;
}
