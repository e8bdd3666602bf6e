import type { Couch } from '@tollgate/kazoo-db';
import { isRatedeckDb, RATEDECK_DB_RANGE } from '../domain/ratedeck-names';

/** Every ratedeck db that exists now (`ratedeck`, `ratedeck/<id>`), read with a deadline. */
export async function listRatedeckDbs(couch: Couch, timeoutMs?: number): Promise<string[]> {
  const names = await couch.dbsBetween(RATEDECK_DB_RANGE.startkey, RATEDECK_DB_RANGE.endkey, timeoutMs);
  return names.filter(isRatedeckDb);
}
