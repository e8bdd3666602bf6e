// The `ratedeck_owner` document a deck's first reseller import writes into the deck's own db.
// Not a rate (its type is `ratedeck_owner`), so rating, exports, counts and `mode=replace` skip it;
// rate ids (`<ISO|XX>-<prefix>…`) can never be `ratedeck_owner`.

export const RATEDECK_OWNER_DOC_ID = 'ratedeck_owner';
export const RATEDECK_OWNER_TYPE = 'ratedeck_owner';

export interface RatedeckOwnerDoc {
  _id: typeof RATEDECK_OWNER_DOC_ID;
  _rev?: string;
  pvt_type: typeof RATEDECK_OWNER_TYPE;
  pvt_account_id: string;
  pvt_created?: number;
  pvt_modified?: number;
  pvt_vsn?: string;
  /** The task whose import claimed the deck. */
  pvt_task_id?: string;
  [key: string]: unknown;
}

/** The owner an owner doc names; undefined for none, a soft-deleted one, or a doc that is not one. */
export function ratedeckOwnerOf(doc: Record<string, unknown> | undefined): string | undefined {
  if (!doc || doc.pvt_type !== RATEDECK_OWNER_TYPE || doc.pvt_deleted === true) return undefined;
  const owner = doc.pvt_account_id;
  return typeof owner === 'string' && owner !== '' ? owner : undefined;
}
