// DID fees' incoming per-minute rate (@tollgate/services did-fees): an incoming call on a client's
// DID is charged at the number's `per_minute` (the number's, else the client's, else its reseller's
// client_defaults), `increment` and `minimum` (default 60 and 60), no surcharge. The `did_fees`
// docs are read once per account and kept DID_FEES_KEEP_MS.
import type { ExactRate } from '@tollgate/calls';
import type { Couch } from '@tollgate/kazoo-db';
import { formatAmount, parseAmount } from '@tollgate/money';
import { toE164 } from '@tollgate/numbers';
import { type DidFeesDoc, effectiveDidFees, readDidFees } from '@tollgate/services';

export const DID_FEES_KEEP_MS = 10_000;
const DEFAULT_SECONDS = 60;

/** The DID rate of an incoming call to `number` of the account (its reseller's defaults below), if any. */
export type DidRateLookup = (accountId: string, resellerId: string | undefined, number: string) => Promise<ExactRate | undefined>;

/** The rate a number's fees give, if they name a per-minute price. */
export function didRateOf(number: string, own: DidFeesDoc | undefined, reseller: DidFeesDoc | undefined): ExactRate | undefined {
  const fees = effectiveDidFees(number, own, reseller);
  const perMinute = parseAmount(fees.per_minute);
  if (!perMinute || perMinute.isNegative()) return undefined;
  return {
    costPerMinute: formatAmount(perMinute),
    surcharge: '0',
    increment: fees.increment ?? DEFAULT_SECONDS,
    minimum: fees.minimum ?? DEFAULT_SECONDS,
    name: `DID ${number}`,
    description: 'incoming call on a DID (DID fees)',
  };
}

export function didRates(couch: Couch, now: () => number = Date.now): DidRateLookup {
  const known = new Map<string, { at: number; doc: Promise<DidFeesDoc | undefined> }>();
  const docOf = (accountId: string): Promise<DidFeesDoc | undefined> => {
    const hit = known.get(accountId);
    if (hit && now() - hit.at < DID_FEES_KEEP_MS) return hit.doc;
    const entry = { at: now(), doc: readDidFees(couch, accountId) };
    known.set(accountId, entry);
    entry.doc.catch(() => {
      if (known.get(accountId) === entry) known.delete(accountId);
    });
    return entry.doc;
  };
  return async (accountId, resellerId, number) => {
    const [own, reseller] = await Promise.all([docOf(accountId), resellerId && resellerId !== accountId ? docOf(resellerId) : undefined]);
    if (!own && !reseller) return undefined;
    return didRateOf(toE164(number), own, reseller);
  };
}
