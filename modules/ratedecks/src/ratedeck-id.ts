// Ratedeck ids as they appear in CSVs, query strings and service plans.
import { DEFAULT_RATEDECK, ratedeckDb } from '@tollgate/kazoo-db';

const RATEDECK_ID = /^[a-z0-9][a-z0-9_-]{0,99}$/;

/** A ratedeck id usable in a CouchDB name (`ratedeck/<id>`): lowercase letters, digits, '_' and '-'. */
export function isRatedeckId(id: string): boolean {
  return id === DEFAULT_RATEDECK || RATEDECK_ID.test(id);
}

export function ratedeckIdProblem(id: string): string | undefined {
  return isRatedeckId(id) ? undefined : `ratedeck_id must be lowercase letters, digits, "_" or "-" (starting with a letter or digit), got ${JSON.stringify(id)}`;
}

/** The database holding a deck's rates: `ratedeck` or `ratedeck/<id>`. */
export function ratedeckDbFor(id: string | undefined): string {
  return ratedeckDb(id);
}
