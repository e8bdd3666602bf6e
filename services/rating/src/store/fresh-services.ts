// For `rates/number` (a person at a REST client, not a softswitch): read the account's services
// doc, and its reseller's when needed, straight from CouchDB, so a plan assigned a moment ago is
// already seen. rate_req never waits on this; it uses the mirror. When CouchDB is down the mirror
// answers at once; when it is slow, after READ_BUDGET_MS for both reads together — well inside
// crossbar's 3 s wait for rating, and long enough for a loaded server (300 ms was not).
import { type Couch, couchEndpoint, GLOBAL_DBS, parseAccountRef } from '@tollgate/kazoo-db';
import type { AccountServices } from '../domain/choose-ratedeck';
import { projectServices } from './account-mirrors';

const READ_BUDGET_MS = 1500;

type Lookup = (accountId: string) => AccountServices | undefined;

async function readServices(couch: Couch, accountId: string, deadline: number): Promise<AccountServices | undefined | 'unreadable'> {
  const { base, headers } = couchEndpoint(couch.url);
  const left = deadline - Date.now();
  if (left <= 0) return 'unreadable';
  try {
    const res = await fetch(`${base}/${GLOBAL_DBS.services}/${encodeURIComponent(accountId)}`, { headers, signal: AbortSignal.timeout(left) });
    if (res.status === 404) return undefined;
    if (!res.ok) return 'unreadable';
    return projectServices((await res.json()) as Record<string, unknown>);
  } catch {
    return 'unreadable';
  }
}

/** A lookup that prefers what CouchDB says now for the account and its reseller, else the mirror. */
export async function freshServicesLookup(couch: Couch, mirror: Lookup, rawAccountId: string | undefined): Promise<Lookup> {
  if (rawAccountId === undefined) return mirror;
  const accountId = parseAccountRef(rawAccountId)?.accountId ?? rawAccountId;
  const fresh = new Map<string, AccountServices | undefined>();
  const deadline = Date.now() + READ_BUDGET_MS;
  const lookup: Lookup = (id) => (fresh.has(id) ? fresh.get(id) : mirror(id));
  const remember = async (id: string) => {
    const read = await readServices(couch, id, deadline);
    if (read !== 'unreadable') fresh.set(id, read);
  };
  await remember(accountId);
  const own = lookup(accountId);
  if (own && !own.ratedeckId && own.resellerId && own.resellerId !== accountId) await remember(own.resellerId);
  return lookup;
}
