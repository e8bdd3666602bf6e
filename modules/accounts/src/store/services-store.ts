// The account's doc in the `services` db (_id = account id): this package writes the reseller,
// tree, billing id and default plan; the services issue owns the rest of it.
import { type Couch, type Doc, GLOBAL_DBS, isAccountId } from '@tollgate/kazoo-db';
import { publishDocChange } from '@tollgate/service-kit';
import type { AccountsDeps } from '../deps';

export const SERVICES_DB = GLOBAL_DBS.services;

export type ServicesDoc = Doc & {
  billing_id?: string;
  plans?: Record<string, unknown>;
  default_service_plan?: unknown;
  pvt_reseller?: boolean;
  pvt_reseller_id?: string;
  pvt_tree?: string[];
  pvt_deleted?: boolean;
};

export async function fetchServices(couch: Couch, accountId: string): Promise<ServicesDoc | undefined> {
  if (!isAccountId(accountId)) return undefined;
  return couch.get<ServicesDoc>(SERVICES_DB, accountId);
}

export async function fetchServicesById(couch: Couch, ids: readonly string[]): Promise<Map<string, ServicesDoc>> {
  const out = new Map<string, ServicesDoc>();
  const wanted = [...new Set(ids)].filter(isAccountId);
  if (wanted.length === 0) return out;
  const res = await couch.db<ServicesDoc>(SERVICES_DB).fetch({ keys: wanted });
  for (const row of res.rows) {
    const doc = (row as { doc?: ServicesDoc | null }).doc;
    if (doc) out.set(String(doc._id), doc);
  }
  return out;
}

/** Read-modify-write of a services doc with its document event; `mutate` gets undefined when it is missing. */
export async function updateServicesDoc(
  deps: AccountsDeps,
  accountId: string,
  mutate: (current: ServicesDoc | undefined) => ServicesDoc | undefined,
): Promise<ServicesDoc | undefined> {
  let action: 'created' | 'edited' | undefined;
  const saved = await deps.couch.update<ServicesDoc>(SERVICES_DB, accountId, (cur) => {
    const next = mutate(cur);
    action = next ? (cur ? 'edited' : 'created') : undefined;
    return next;
  });
  if (saved && action && deps.bus) await publishDocChange(deps.bus, saved.pvt_deleted ? 'deleted' : action, SERVICES_DB, saved);
  return saved;
}
