// knm_phone_number:to_public_json, the account listing entry and the classifiers object crossbar shows.
import { type Doc, publicView } from '@tollgate/kazoo-db';
import type { Classifier } from './classifiers';
import { featureNames, type NumberDoc, stateOf } from './number-doc';

function defined(obj: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined && v !== ''));
}

export function numberPublicJson(doc: NumberDoc): Record<string, unknown> {
  const features = featureNames(doc);
  const readOnly = defined({
    created: doc.pvt_created,
    modified: doc.pvt_modified,
    state: stateOf(doc),
    used_by: doc.pvt_used_by,
    features,
    features_available: [],
    carrier_module: doc.pvt_module_name,
  });
  return {
    ...publicView(doc),
    ...defined({
      id: doc._id,
      state: stateOf(doc),
      assigned_to: doc.pvt_assigned_to,
      used_by: doc.pvt_used_by,
      features,
      created: doc.pvt_created,
      updated: doc.pvt_modified,
    }),
    _read_only: readOnly,
  };
}

/** One entry of GET /v2/accounts/{A}/phone_numbers `numbers` (view phone_numbers/crossbar_listing). */
export function listingEntry(doc: Doc): Record<string, unknown> {
  return defined({
    assigned_to: doc.pvt_assigned_to,
    created: doc.pvt_created,
    features: featureNames(doc),
    state: stateOf(doc),
    updated: doc.pvt_modified,
    used_by: doc.pvt_used_by,
  });
}

/** Classifiers as the ordered `name → {regex, friendly_name, …}` object system_config holds. */
export function classifierTable(list: readonly Classifier[]): Record<string, Omit<Classifier, 'name'>> {
  return Object.fromEntries(list.map(({ name, ...rest }) => [name, rest]));
}
