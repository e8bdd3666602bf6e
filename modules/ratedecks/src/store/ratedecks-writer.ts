// Every write the ratedecks module makes goes through one DocWriter: the owner doc is announced
// (doc_created on `configuration`); rates are not, since DocWriter leaves out type `rate` itself
// (rating follows the decks' `_changes`, and an import of a million rates would be a million events).
import type { SystemConfig } from '@tollgate/config';
import type { Couch } from '@tollgate/kazoo-db';
import type { Bus } from '@tollgate/kazoo-bus';
import { DocWriter } from '@tollgate/service-kit';

/** What writing into a ratedeck needs; without a bus nothing is announced. */
export interface RatedecksWriteDeps {
  couch: Couch;
  bus?: Bus;
  config?: SystemConfig;
}

export function ratedecksWriter(deps: RatedecksWriteDeps): DocWriter {
  return new DocWriter(deps);
}
