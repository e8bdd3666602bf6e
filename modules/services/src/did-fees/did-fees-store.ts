// The `did_fees` docs (account db) and what the sync needs of them: the account's own doc and its
// reseller's, and the numbers the account has in service.
import { errors } from '@tollgate/errors';
import { accountDbName, type Couch, gregorianNow } from '@tollgate/kazoo-db';
import { DocWriter, type DocWriterOptions } from '@tollgate/service-kit';
import { DID_FEE_FIELDS, DID_FEES_DOC_ID, type DidFeesDoc, didFeesProblems } from './did-fees';

export async function readDidFees(couch: Couch, accountId: string): Promise<DidFeesDoc | undefined> {
  return couch.get<DidFeesDoc>(accountDbName(accountId), DID_FEES_DOC_ID);
}

/** The parts of a body: the account's own fees (with `numbers`), and `client_defaults` (a reseller's). */
export function didFeesParts(body: unknown): { own: boolean; clientDefaults: boolean } {
  const b = (body ?? {}) as Record<string, unknown>;
  return { own: DID_FEE_FIELDS.some((f) => b[f] !== undefined) || b.numbers !== undefined, clientDefaults: b.client_defaults !== undefined };
}

/**
 * POST …/did_fees: the parts sent replace the stored ones (own fees and `numbers` together;
 * `client_defaults` alone); a part not sent is kept. Kazoo's 400 naming the field, nothing written.
 */
export async function saveDidFees(deps: DocWriterOptions, accountId: string, body: unknown): Promise<DidFeesDoc> {
  const problems = didFeesProblems(body);
  if (Object.keys(problems).length > 0) throw errors.validation(problems);
  const b = body as Record<string, unknown>;
  const parts = didFeesParts(body);
  const now = gregorianNow();
  const saved = await new DocWriter(deps).update<DidFeesDoc>(accountDbName(accountId), DID_FEES_DOC_ID, (current) => {
    const base: DidFeesDoc = current ?? { _id: DID_FEES_DOC_ID, pvt_type: 'did_fees', pvt_account_id: accountId, pvt_created: now };
    const next: Record<string, unknown> = { ...base, pvt_modified: now };
    if (parts.own) {
      for (const f of DID_FEE_FIELDS) delete next[f];
      delete next.numbers;
      for (const f of DID_FEE_FIELDS) if (b[f] !== undefined) next[f] = b[f];
      if (b.numbers !== undefined) next.numbers = b.numbers;
    }
    if (parts.clientDefaults) next.client_defaults = b.client_defaults;
    return next as DidFeesDoc;
  });
  return saved as DidFeesDoc;
}

/** GET: the doc's public fields. */
export function didFeesJson(doc: DidFeesDoc | undefined): Record<string, unknown> {
  if (!doc) return {};
  return Object.fromEntries(Object.entries(doc).filter(([k]) => !k.startsWith('_') && !k.startsWith('pvt_')));
}
