// Ratedeck versions: a deck keeps its id (`bulk`, db `ratedeck/bulk`); a version is a full copy of
// its rates in a db of its own (`ratedeck/bulk/v/3`), written by a staged import. Which version
// rates is said by one pointer doc in the deck's own db, `ratedeck_versions` (visible and editable
// in Fauxton): activating or rolling back rewrites only that doc, whatever the deck's size.
// Version 0 is the deck's own db (the rates it held before it had versions). Pure: no I/O.
import { ratedeckDb, ratedeckVersionDb } from './ratedeck-names';

export const RATEDECK_VERSIONS_DOC_ID = 'ratedeck_versions';
export const RATEDECK_VERSIONS_TYPE = 'ratedeck_versions';

/** `staging`: an import is writing it; `staged`: complete, may be activated; `failed`: its import stopped. */
export type RatedeckVersionState = 'staging' | 'staged' | 'failed';

export interface RatedeckVersionEntry {
  version: number;
  db: string;
  state: RatedeckVersionState;
  /** ISO 8601 times. */
  created: string;
  staged?: string;
  /** The last time it became the active version. */
  activated?: string;
  task_id?: string;
  /** Live rates in it when its import finished. */
  rate_count?: number;
}

export interface RatedeckVersionsDoc {
  _id: typeof RATEDECK_VERSIONS_DOC_ID;
  _rev?: string;
  pvt_type: typeof RATEDECK_VERSIONS_TYPE;
  ratedeck_id: string;
  /** The version rating uses: 0 (the deck's own db) or a version db's number. */
  active: number;
  /** The version active before `active`, which `rollback` returns to; null when none. */
  previous: number | null;
  /** The number the next staged version gets. */
  next_version: number;
  versions: RatedeckVersionEntry[];
  [key: string]: unknown;
}

export type VersionsResult = { ok: true; doc: RatedeckVersionsDoc } | { ok: false; kind: 'missing' | 'conflict'; message: string };

function isVersionNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 1e9;
}

/**
 * The version rating uses, as the pointer doc says it; undefined (the deck's own db) when there is
 * no pointer, it is soft-deleted, or `active` is 0 or not a version number (a bad hand edit never
 * makes a deck unrateable: it rates from its own db and the problem is logged by the reader).
 */
export function activeVersionOf(doc: unknown): number | undefined {
  if (typeof doc !== 'object' || doc === null) return undefined;
  const d = doc as Record<string, unknown>;
  if (d.pvt_type !== RATEDECK_VERSIONS_TYPE || d.pvt_deleted === true) return undefined;
  return isVersionNumber(d.active) && d.active > 0 ? d.active : undefined;
}

/** A fresh pointer: version 0 (the deck's own db) active. */
export function emptyVersionsDoc(ratedeckId: string, now: string): RatedeckVersionsDoc {
  return {
    _id: RATEDECK_VERSIONS_DOC_ID,
    pvt_type: RATEDECK_VERSIONS_TYPE,
    ratedeck_id: ratedeckId,
    active: 0,
    previous: null,
    next_version: 1,
    versions: [{ version: 0, db: ratedeckDb(ratedeckId), state: 'staged', created: now, activated: now }],
  };
}

/** The stored doc made whole (an operator may have edited it by hand). */
export function normalizeVersionsDoc(raw: unknown, ratedeckId: string, now: string): RatedeckVersionsDoc {
  const base = emptyVersionsDoc(ratedeckId, now);
  if (typeof raw !== 'object' || raw === null || (raw as { pvt_deleted?: unknown }).pvt_deleted === true) return base;
  const d = raw as Record<string, unknown>;
  const versions = Array.isArray(d.versions)
    ? (d.versions as unknown[]).filter((v): v is RatedeckVersionEntry => typeof v === 'object' && v !== null && isVersionNumber((v as { version?: unknown }).version))
    : base.versions;
  if (!versions.some((v) => v.version === 0)) versions.unshift(base.versions[0]);
  const maxVersion = Math.max(0, ...versions.map((v) => v.version));
  return {
    ...d,
    _id: RATEDECK_VERSIONS_DOC_ID,
    pvt_type: RATEDECK_VERSIONS_TYPE,
    ratedeck_id: ratedeckId,
    active: isVersionNumber(d.active) ? d.active : 0,
    previous: isVersionNumber(d.previous) ? d.previous : null,
    next_version: isVersionNumber(d.next_version) && d.next_version > maxVersion ? d.next_version : maxVersion + 1,
    versions: versions.map((v) => ({ ...v })),
  };
}

/** A new version, `staging`, for an import to write into. */
export function withStagingVersion(doc: RatedeckVersionsDoc, taskId: string | undefined, now: string): { doc: RatedeckVersionsDoc; version: number; db: string } {
  const version = doc.next_version;
  const db = ratedeckVersionDb(doc.ratedeck_id, version);
  const entry: RatedeckVersionEntry = { version, db, state: 'staging', created: now, ...(taskId ? { task_id: taskId } : {}) };
  return { doc: { ...doc, next_version: version + 1, versions: [...doc.versions, entry] }, version, db };
}

/** The import of a staging version ended: `staged` with its rate count, or `failed`. */
export function withStagingDone(doc: RatedeckVersionsDoc, version: number, outcome: { rateCount: number; failed?: boolean }, now: string): RatedeckVersionsDoc {
  return {
    ...doc,
    versions: doc.versions.map((v) =>
      v.version === version ? { ...v, state: outcome.failed ? 'failed' : 'staged', staged: now, rate_count: outcome.rateCount } : v,
    ),
  };
}

function entryOf(doc: RatedeckVersionsDoc, version: number): RatedeckVersionEntry | undefined {
  return doc.versions.find((v) => v.version === version);
}

/** `version` becomes the active one; the one active before becomes `previous`. */
export function withActivated(doc: RatedeckVersionsDoc, version: number, now: string): VersionsResult {
  const entry = entryOf(doc, version);
  if (!entry) return { ok: false, kind: 'missing', message: `ratedeck ${doc.ratedeck_id} has no version ${version}` };
  if (entry.state !== 'staged') {
    return { ok: false, kind: 'conflict', message: `version ${version} of ratedeck ${doc.ratedeck_id} is ${entry.state}: only a staged version (its import finished) can be activated` };
  }
  if (doc.active === version) return { ok: false, kind: 'conflict', message: `version ${version} of ratedeck ${doc.ratedeck_id} is already active` };
  return {
    ok: true,
    doc: { ...doc, previous: doc.active, active: version, versions: doc.versions.map((v) => (v.version === version ? { ...v, activated: now } : v)) },
  };
}

/** Back to `previous`; the version left becomes `previous` (a second rollback undoes the first). */
export function withRolledBack(doc: RatedeckVersionsDoc, now: string): VersionsResult {
  const previous = doc.previous;
  if (previous === null || !entryOf(doc, previous)) {
    return { ok: false, kind: 'conflict', message: `ratedeck ${doc.ratedeck_id} has no previous version to roll back to` };
  }
  return {
    ok: true,
    doc: { ...doc, active: previous, previous: doc.active, versions: doc.versions.map((v) => (v.version === previous ? { ...v, activated: now } : v)) },
  };
}

/**
 * Retention: at most `kept` version dbs (versions >= 1) stay — the active and the previous one
 * always, any version still being imported, then the newest others. Version 0 (the deck's own
 * db) is never dropped and not counted. Returns the doc without the dropped entries and their dbs.
 */
export function withRetention(doc: RatedeckVersionsDoc, kept: number): { doc: RatedeckVersionsDoc; dropped: RatedeckVersionEntry[] } {
  const must = (v: RatedeckVersionEntry) => v.version === 0 || v.version === doc.active || v.version === doc.previous || v.state === 'staging';
  const keep = new Set(doc.versions.filter(must).map((v) => v.version));
  let room = Math.max(0, kept - [...keep].filter((v) => v > 0).length);
  for (const v of [...doc.versions].sort((a, b) => b.version - a.version)) {
    if (keep.has(v.version) || room <= 0) continue;
    keep.add(v.version);
    room--;
  }
  const dropped = doc.versions.filter((v) => !keep.has(v.version));
  return { doc: { ...doc, versions: doc.versions.filter((v) => keep.has(v.version)) }, dropped };
}
