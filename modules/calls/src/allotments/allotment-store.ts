// Allotments in CouchDB: an account's allotments (its limits doc's `allotments`, plus the allotment
// its package's `free_minutes` gives), what was consumed in a cycle (view allotments/consumed of
// the MODBs, as j5_allotments:allotment_consumed_so_far), and the consumption docs written once.
import { type Couch, accountDbName, type Doc, ensureModb, forgetModb, isDbMissing, modbsBetween, modbView } from '@tollgate/kazoo-db';
import { DocBatch, DocWriter, type DocWriterOptions } from '@tollgate/service-kit';
import { LIMITS_DOC_ID, type LimitsDoc } from '../limits/limits';
import { type Allotment, allotmentsOf, type ConsumptionDoc, type CycleBounds, cycleOf, PACKAGE_ALLOTMENT_KEY, packageAllotment } from './allotments';

const SERVICES_DB = 'services';
const SUFFIX = '-allotment-consumption';

/** The package an account's services doc says its ratedeck comes from, with its free minutes. */
export async function packageFreeMinutes(couch: Couch, accountId: string): Promise<{ minutes: number; name?: string } | undefined> {
  const services = await couch.get<Doc & { ratedeck?: { package?: { id?: unknown; vendor_id?: unknown; name?: unknown } } }>(SERVICES_DB, accountId);
  const pkg = services?.ratedeck?.package;
  if (!pkg || typeof pkg.id !== 'string' || typeof pkg.vendor_id !== 'string') return undefined;
  const plan = await couch.get<Doc & { name?: unknown; package?: { free_minutes?: unknown } }>(accountDbName(pkg.vendor_id), pkg.id);
  const minutes = plan?.package?.free_minutes;
  if (typeof minutes !== 'number' || !Number.isSafeInteger(minutes) || minutes <= 0) return undefined;
  const name = typeof plan?.name === 'string' ? plan.name : typeof pkg.name === 'string' ? pkg.name : undefined;
  return { minutes, name };
}

/**
 * The account's allotments: its limits doc's `allotments`, and — unless that doc has its own
 * `package` key — the one its package's `free_minutes` gives (key `package`).
 */
export async function readAllotments(couch: Couch, accountId: string): Promise<Allotment[]> {
  const [limits, pkg] = await Promise.all([couch.get<LimitsDoc>(accountDbName(accountId), LIMITS_DOC_ID), packageFreeMinutes(couch, accountId)]);
  const own = allotmentsOf((limits as Record<string, unknown> | undefined)?.allotments);
  const fromPackage = pkg && !own.some((a) => a.key === PACKAGE_ALLOTMENT_KEY) ? packageAllotment(pkg.minutes, pkg.name) : undefined;
  return fromPackage ? [...own, fromPackage] : own;
}

export interface ConsumedRow {
  callId: string;
  key: string;
  seconds: number;
  /** Gregorian seconds: the call's end. */
  at: number;
}

/** What was consumed of these keys between two moments (the cycle), from every MODB the range touches. */
export async function consumedBetween(couch: Couch, accountId: string, keys: readonly string[], bounds: CycleBounds): Promise<ConsumedRow[]> {
  const dbs = await modbsBetween(couch, accountId, bounds.start, bounds.end - 1);
  const out: ConsumedRow[] = [];
  for (const db of dbs) {
    for (const key of keys) {
      const rows = await modbView<number, [string, number]>(couch, db, 'allotments', 'consumed', { startkey: [key, bounds.start], endkey: [key, bounds.end - 1] });
      for (const r of rows) {
        const callId = r.id.endsWith(SUFFIX) ? r.id.slice(0, -SUFFIX.length) : r.id;
        out.push({ callId, key, seconds: Number(r.value) || 0, at: r.key[1] });
      }
    }
  }
  return out;
}

export interface ConsumptionWrite {
  db: string;
  doc: ConsumptionDoc;
}

/** Writes each consumption doc once (an id already there was written before); the number newly written. */
export async function saveConsumptions(deps: DocWriterOptions, writes: readonly ConsumptionWrite[]): Promise<number> {
  const byDb = new Map<string, Map<string, ConsumptionDoc>>();
  for (const w of writes) {
    const docs = byDb.get(w.db) ?? new Map<string, ConsumptionDoc>();
    docs.set(w.doc._id, w.doc);
    byDb.set(w.db, docs);
  }
  const batch = new DocBatch(new DocWriter(deps));
  const counts = [...byDb].map(([db, docs]) =>
    batch.add(db, [...docs.values()], () => ensureModb(deps.couch, db)).then(
      (results) => {
        const failed = results.filter((r) => !r.ok && r.error !== 'conflict').map((r) => `${r.id}: ${r.error} ${r.reason ?? ''}`.trim());
        if (failed.length > 0) throw new Error(`allotment consumption refused by ${db}: ${failed.join('; ')}`);
        return results.filter((r) => r.ok).length;
      },
      (err: unknown) => {
        if (isDbMissing(err)) forgetModb(deps.couch, db);
        throw err;
      },
    ),
  );
  const all = Promise.all(counts);
  all.catch(() => undefined);
  await batch.flush();
  return (await all).reduce((a, b) => a + b, 0);
}

export interface ConsumedSummary {
  consumed: number;
  consumed_from: number;
  consumed_to: number;
  cycle: string;
}

/**
 * cb_allotments' `consumed`: per allotment, the seconds consumed in its cycle at `now`; with one of
 * `from` / `to`, in the cycle that moment falls in; with both, between them (cycle `manual`).
 */
export async function consumedSummary(couch: Couch, accountId: string, range: { from?: number; to?: number }, now: number): Promise<Record<string, ConsumedSummary>> {
  const allotments = await readAllotments(couch, accountId);
  const out: Record<string, ConsumedSummary> = {};
  for (const a of allotments) {
    const manual = range.from !== undefined && range.to !== undefined;
    const bounds = manual ? { start: range.from as number, end: (range.to as number) + 1 } : cycleOf(a.cycle, range.from ?? range.to ?? now);
    const rows = await consumedBetween(couch, accountId, [a.key], bounds);
    out[a.key] = { consumed: rows.reduce((s, r) => s + r.seconds, 0), consumed_from: bounds.start, consumed_to: bounds.end - 1, cycle: manual ? 'manual' : a.cycle };
  }
  return out;
}
