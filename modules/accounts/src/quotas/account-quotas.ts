// GET and POST of an account's quotas: the maximum per kind, the usage of its subtree against it,
// and the kinds over quota (records written straight into CouchDB are not refused, only reported).
import { errors } from '@tollgate/errors';
import { accountDbName, stampPvt } from '@tollgate/kazoo-db';
import type { AccountsDeps } from '../deps';
import { overQuota, parseQuotas, QUOTA_KINDS, type Quotas, type Usage } from '../domain/quota-rules';
import { listDescendants } from '../tree-queries';
import { docWriter } from '../store/writer';
import { QUOTA_DOC_ID, type QuotaDoc, quotasOf, readQuotaDoc } from './quota-store';
import { type QuotaDeps, subtreeUsage } from './quota-usage';

export interface QuotasView {
  /** The maximum per kind; a kind left out is unlimited. */
  quotas: Quotas;
  usage: Usage;
  over_quota: string[];
  /** Accounts below this one holding quotas of their own that are over them. */
  customers_over_quota: { id: string; over_quota: string[] }[];
}

async function overOf(deps: QuotaDeps, accountId: string, quotas: Quotas): Promise<{ usage: Usage; over: string[] }> {
  const usage = await subtreeUsage(deps, accountId, QUOTA_KINDS);
  return { usage, over: overQuota(quotas, usage) };
}

export async function readQuotas(deps: QuotaDeps, accountId: string): Promise<QuotasView> {
  const quotas = quotasOf(await readQuotaDoc(deps.couch, accountId));
  const { usage, over } = await overOf(deps, accountId, quotas);
  const customers: QuotasView['customers_over_quota'] = [];
  for (const row of await listDescendants(deps.couch, accountId)) {
    const own = quotasOf(await readQuotaDoc(deps.couch, row.id));
    if (Object.keys(own).length === 0) continue;
    const sub = await overOf(deps, row.id, own);
    if (sub.over.length) customers.push({ id: row.id, over_quota: sub.over });
  }
  return { quotas, usage, over_quota: over, customers_over_quota: customers };
}

/** Replaces the account's quotas (400 naming each bad field, nothing written); reservations in flight are kept. */
export async function setQuotas(deps: AccountsDeps, accountId: string, data: unknown): Promise<Quotas> {
  const parsed = parseQuotas(data);
  if (!parsed.ok) throw errors.validation(parsed.errors);
  const saved = await docWriter(deps).update<QuotaDoc>(accountDbName(accountId), QUOTA_DOC_ID, (cur) => {
    const kept: QuotaDoc = {};
    for (const [k, v] of Object.entries(cur ?? {})) if (k.startsWith('_') || k.startsWith('pvt_')) kept[k] = v;
    return stampPvt({ ...kept, ...parsed.quotas }, { type: 'quotas', account: accountId });
  });
  return quotasOf(saved);
}
