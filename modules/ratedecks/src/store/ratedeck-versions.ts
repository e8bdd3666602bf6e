// A deck's versions in CouchDB: the pointer doc `ratedeck_versions` in the deck's own db, the version
// dbs `ratedeck/<id>/v/<n>`. Staging creates a version db for an import to write into; activate and
// rollback rewrite only the pointer (O(1) whatever the deck's size), then drop the version dbs
// beyond `kept_versions`; a dry run compares a version's rates with the active version's.
import { errors } from '@tollgate/errors';
import { type Couch, isNotFound } from '@tollgate/kazoo-db';
import { loadRatedeckVersionSettings } from '../config';
import { isRateDoc, type RateDoc } from '../domain/rate-doc';
import { diffRates, diffRateStreams, type RateDiff, type RateDiffOptions, RateOrderError } from '../domain/rate-diff';
import { ratedeckDb } from '../domain/ratedeck-names';
import {
  activeVersionOf,
  normalizeVersionsDoc,
  RATEDECK_VERSIONS_DOC_ID,
  type RatedeckVersionEntry,
  type RatedeckVersionsDoc,
  type VersionsResult,
  withActivated,
  withRetention,
  withRolledBack,
  withStagingDone,
  withStagingVersion,
} from '../domain/ratedeck-versions-doc';
import { type RatedecksWriteDeps, ratedecksWriter } from './ratedecks-writer';

const DIFF_PAGE = 5000;

function nowIso(): string {
  return new Date().toISOString();
}

/** The deck's pointer doc made whole; a deck without one has version 0 (its own db) active. */
export async function readRatedeckVersions(couch: Couch, ratedeckId: string): Promise<RatedeckVersionsDoc> {
  const raw = await couch.get(ratedeckDb(ratedeckId), RATEDECK_VERSIONS_DOC_ID).catch((err) => {
    if (isNotFound(err)) return undefined;
    throw err;
  });
  return normalizeVersionsDoc(raw, ratedeckId, nowIso());
}

/** The db rating answers a deck from now: its active version's db, else its own. */
export async function activeRatedeckDb(couch: Couch, ratedeckId: string): Promise<string> {
  const db = ratedeckDb(ratedeckId);
  const raw = await couch.get(db, RATEDECK_VERSIONS_DOC_ID).catch(() => undefined);
  const active = activeVersionOf(raw);
  if (active === undefined) return db;
  return normalizeVersionsDoc(raw, ratedeckId, nowIso()).versions.find((v) => v.version === active)?.db ?? db;
}

/**
 * The deck's active version as its pointer says now (db, number, when it became active); undefined
 * for a deck that has no pointer (never versioned): its own db. For followers that must rebuild
 * on every switch (package decks): `activated` changes with each activation and rollback.
 */
export async function activeRatedeckVersion(couch: Couch, ratedeckId: string): Promise<{ db: string; version: number; activated?: string } | undefined> {
  const raw = await couch.get(ratedeckDb(ratedeckId), RATEDECK_VERSIONS_DOC_ID).catch(() => undefined);
  if (!raw || (raw as { pvt_deleted?: unknown }).pvt_deleted === true) return undefined;
  const doc = normalizeVersionsDoc(raw, ratedeckId, nowIso());
  const active = activeVersionOf(raw) ?? 0;
  const entry = doc.versions.find((v) => v.version === active);
  return { db: entry?.db ?? ratedeckDb(ratedeckId), version: active, ...(entry?.activated ? { activated: entry.activated } : {}) };
}

async function rewrite(
  deps: RatedecksWriteDeps,
  ratedeckId: string,
  change: (doc: RatedeckVersionsDoc) => VersionsResult | { ok: true; doc: RatedeckVersionsDoc },
): Promise<RatedeckVersionsDoc> {
  const db = ratedeckDb(ratedeckId);
  let result: RatedeckVersionsDoc | undefined;
  await ratedecksWriter(deps).update<RatedeckVersionsDoc>(db, RATEDECK_VERSIONS_DOC_ID, (current) => {
    const next = change(normalizeVersionsDoc(current, ratedeckId, nowIso()));
    if (!next.ok) throw next.kind === 'missing' ? errors.notFound(next.message) : errors.conflict(next.message, { cause: ratedeckId });
    result = { ...next.doc, pvt_modified: Date.now() };
    delete result._rev;
    return result;
  });
  if (!result) throw new Error(`the versions of ratedeck ${ratedeckId} were not written`);
  return result;
}

/** Deletes the version dbs retention dropped (already gone from the pointer). */
async function dropVersionDbs(couch: Couch, dropped: readonly RatedeckVersionEntry[]): Promise<string[]> {
  const gone: string[] = [];
  for (const v of dropped) {
    if (v.version === 0) continue;
    await couch.destroyDb(v.db).catch((err) => {
      if (!isNotFound(err)) throw err;
    });
    gone.push(v.db);
  }
  return gone;
}

async function keptVersions(deps: RatedecksWriteDeps): Promise<number | undefined> {
  return deps.config ? (await loadRatedeckVersionSettings(deps.config)).keptVersions : undefined;
}

/**
 * A new version of a deck for an import to write into (state `staging`): its number and db (made
 * now). The deck's own db is made too, to hold the pointer.
 */
export async function stageRatedeckVersion(deps: RatedecksWriteDeps, ratedeckId: string, taskId?: string): Promise<{ version: number; db: string }> {
  await deps.couch.ensureDb(ratedeckDb(ratedeckId));
  let staged: { version: number; db: string } | undefined;
  const kept = await keptVersions(deps);
  let dropped: RatedeckVersionEntry[] = [];
  await rewrite(deps, ratedeckId, (doc) => {
    const next = withStagingVersion(doc, taskId, nowIso());
    staged = { version: next.version, db: next.db };
    if (kept === undefined) return { ok: true, doc: next.doc };
    const retained = withRetention(next.doc, kept);
    dropped = retained.dropped;
    return { ok: true, doc: retained.doc };
  });
  if (!staged) throw new Error('no version staged');
  await deps.couch.ensureDb(staged.db);
  await dropVersionDbs(deps.couch, dropped);
  return staged;
}

/** Live rates in a db, read now (a version db holds nothing else). */
async function liveRateCount(couch: Couch, db: string): Promise<number> {
  let count = 0;
  for await (const docs of couch.docPages(db, { pageSize: DIFF_PAGE })) for (const doc of docs) if (isRateDoc(doc) && doc.pvt_deleted !== true) count++;
  return count;
}

/** The import of a staging version ended: `staged` (activatable) with its live-rate count, or `failed`. */
export async function finishStagedVersion(deps: RatedecksWriteDeps, ratedeckId: string, version: number, failed = false): Promise<RatedeckVersionsDoc> {
  const doc = await readRatedeckVersions(deps.couch, ratedeckId);
  const entry = doc.versions.find((v) => v.version === version);
  const rateCount = entry ? await liveRateCount(deps.couch, entry.db).catch(() => 0) : 0;
  return rewrite(deps, ratedeckId, (d) => ({ ok: true, doc: withStagingDone(d, version, { rateCount, failed }, nowIso()) }));
}

export interface SwitchOutcome {
  versions: RatedeckVersionsDoc;
  /** Version dbs deleted by retention. */
  dropped: string[];
}

/** Makes `version` the deck's active version (the pointer only), then applies retention. */
export async function activateRatedeckVersion(deps: RatedecksWriteDeps, ratedeckId: string, version: number): Promise<SwitchOutcome> {
  const kept = await keptVersions(deps);
  let dropped: RatedeckVersionEntry[] = [];
  const versions = await rewrite(deps, ratedeckId, (doc) => {
    const next = withActivated(doc, version, nowIso());
    if (!next.ok || kept === undefined) return next;
    const retained = withRetention(next.doc, kept);
    dropped = retained.dropped;
    return { ok: true, doc: retained.doc };
  });
  return { versions, dropped: await dropVersionDbs(deps.couch, dropped) };
}

/** Makes the previous version active again (the pointer only). */
export async function rollbackRatedeck(deps: RatedecksWriteDeps, ratedeckId: string): Promise<SwitchOutcome> {
  const versions = await rewrite(deps, ratedeckId, (doc) => withRolledBack(doc, nowIso()));
  return { versions, dropped: [] };
}

async function* liveRates(couch: Couch, db: string): AsyncGenerator<RateDoc[]> {
  if (!(await couch.dbExists(db))) return;
  for await (const docs of couch.docPages(db, { pageSize: DIFF_PAGE })) yield docs.filter((d): d is RateDoc => isRateDoc(d) && d.pvt_deleted !== true);
}

export interface VersionDiff extends RateDiff {
  ratedeck_id: string;
  from_version: number;
  to_version: number;
}

/** A dry run: what activating `version` would change against the active version (or `against`). */
export async function diffRatedeckVersion(couch: Couch, ratedeckId: string, version: number, opts: RateDiffOptions, against?: number): Promise<VersionDiff> {
  const doc = await readRatedeckVersions(couch, ratedeckId);
  const to = doc.versions.find((v) => v.version === version);
  if (!to) throw errors.notFound(`ratedeck ${ratedeckId} has no version ${version}`);
  const fromVersion = against ?? doc.active;
  const from = doc.versions.find((v) => v.version === fromVersion);
  if (!from) throw errors.notFound(`ratedeck ${ratedeckId} has no version ${fromVersion}`);
  let diff: RateDiff;
  try {
    diff = await diffRateStreams(liveRates(couch, from.db), liveRates(couch, to.db), opts);
  } catch (err) {
    if (!(err instanceof RateOrderError)) throw err;
    // The server does not list ids in JavaScript's order: compare in memory.
    const all = async (db: string) => {
      const out: RateDoc[] = [];
      for await (const page of liveRates(couch, db)) out.push(...page);
      return out;
    };
    diff = diffRates(await all(from.db), await all(to.db), opts);
  }
  return { ratedeck_id: ratedeckId, from_version: from.version, to_version: to.version, ...diff };
}
