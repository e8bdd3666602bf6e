import type { Couch } from '@tollgate/kazoo-db';
import { isRatedeckDb, parseRatedeckVersionDb, RATEDECK_DB_RANGE } from '../domain/ratedeck-names';

/** Every deck's own db that exists now (`ratedeck`, `ratedeck/<id>`; not the version dbs), read with a deadline. */
export async function listRatedeckDbs(couch: Couch, timeoutMs?: number): Promise<string[]> {
  const names = await couch.dbsBetween(RATEDECK_DB_RANGE.startkey, RATEDECK_DB_RANGE.endkey, timeoutMs);
  return names.filter(isRatedeckDb);
}

/** Every version db that exists now (`ratedeck/<id>/v/<n>`), with its deck and number. */
export async function listRatedeckVersionDbs(couch: Couch, timeoutMs?: number): Promise<{ db: string; ratedeckId: string; version: number }[]> {
  const names = await couch.dbsBetween(RATEDECK_DB_RANGE.startkey, RATEDECK_DB_RANGE.endkey, timeoutMs);
  return names.flatMap((db) => {
    const v = parseRatedeckVersionDb(db);
    return v ? [{ db, ...v }] : [];
  });
}

/** The deck dbs and the version dbs, from one listing (rating's scan). */
export async function listRatedeckAndVersionDbs(
  couch: Couch,
  timeoutMs?: number,
): Promise<{ decks: string[]; versions: { db: string; ratedeckId: string; version: number }[] }> {
  const names = await couch.dbsBetween(RATEDECK_DB_RANGE.startkey, RATEDECK_DB_RANGE.endkey, timeoutMs);
  return {
    decks: names.filter(isRatedeckDb),
    versions: names.flatMap((db) => {
      const v = parseRatedeckVersionDb(db);
      return v ? [{ db, ...v }] : [];
    }),
  };
}
