// How ratedecks are named (kzd_ratedeck): a deck id (`ratedeck`, `bulk`) on the wire, in CSVs,
// query strings and services docs; its db `ratedeck` (the default deck) or `ratedeck/<id>`.
import { GLOBAL_DBS } from '@tollgate/kazoo-db';

/** The default deck: its id and its db name are both `ratedeck` (a global db, created at start). */
export const DEFAULT_RATEDECK: string = GLOBAL_DBS.ratedeck;

const RATEDECK_ID = /^[a-z0-9][a-z0-9_-]{0,99}$/;
const DB_PREFIX = `${DEFAULT_RATEDECK}/`;

/** Every ratedeck db name sorts between these two keys (`_all_dbs` startkey / endkey). */
export const RATEDECK_DB_RANGE = { startkey: DEFAULT_RATEDECK, endkey: `${DB_PREFIX}\ufff0` } as const;

function decoded(name: string): string {
  return name.includes('%') ? decodeURIComponent(name) : name;
}

/** A deck id usable in a db name (`ratedeck/<id>`): lowercase letters, digits, '_' and '-'. */
export function isRatedeckId(id: string): boolean {
  return RATEDECK_ID.test(id);
}

export function ratedeckIdProblem(id: string): string | undefined {
  return isRatedeckId(id) ? undefined : `ratedeck_id must be lowercase letters, digits, "_" or "-" (starting with a letter or digit), got ${JSON.stringify(id)}`;
}

/** The db of a deck named any way (`bulk`, `ratedeck/bulk`, `ratedeck%2Fbulk`); the default deck without a name. */
export function ratedeckDb(name?: string): string {
  if (!name) return DEFAULT_RATEDECK;
  const id = decoded(name);
  if (id === DEFAULT_RATEDECK || id.startsWith(DB_PREFIX)) return id;
  return `${DB_PREFIX}${id}`;
}

/** A version db of a deck: `ratedeck/<deck id>/v/<n>` (n from 1). Its `/` makes it no deck id. */
const VERSION_DB = /^ratedeck\/([a-z0-9][a-z0-9_-]{0,99})\/v\/([1-9][0-9]{0,8})$/;

/** The db holding version `version` (>= 1) of a deck: `ratedeck/bulk/v/3`; the default deck's are `ratedeck/ratedeck/v/3`. */
export function ratedeckVersionDb(ratedeckId: string, version: number): string {
  return `${DB_PREFIX}${ratedeckId}/v/${version}`;
}

/** The deck and version a version db holds; undefined for any other db. */
export function parseRatedeckVersionDb(db: string): { ratedeckId: string; version: number } | undefined {
  const m = VERSION_DB.exec(decoded(db));
  return m ? { ratedeckId: m[1], version: Number(m[2]) } : undefined;
}

/** A deck's own db (`ratedeck`, `ratedeck/<id>`): not a version db, nor any other db under the prefix. */
export function isRatedeckDb(db: string): boolean {
  const name = decoded(db);
  return name === DEFAULT_RATEDECK || (name.startsWith(DB_PREFIX) && isRatedeckId(name.slice(DB_PREFIX.length)));
}

/** The deck id of a ratedeck db (format_ratedeck_id); throws for a db that is no deck's own db (a version db included). */
export function ratedeckIdFromDb(db: string): string {
  const name = decoded(db);
  if (name === DEFAULT_RATEDECK) return DEFAULT_RATEDECK;
  if (name.startsWith(DB_PREFIX) && isRatedeckId(name.slice(DB_PREFIX.length))) return name.slice(DB_PREFIX.length);
  if (parseRatedeckVersionDb(name)) throw new Error(`a version db of a ratedeck, not a deck: ${JSON.stringify(db)}`);
  throw new Error(`not a ratedeck database: ${JSON.stringify(db)}`);
}

/** Any way of naming a deck → its id; a name that cannot be URL-decoded ("100%") is kept: no deck has it. */
export function ratedeckIdOf(name: string): string {
  try {
    return ratedeckIdFromDb(ratedeckDb(name));
  } catch {
    return name;
  }
}
