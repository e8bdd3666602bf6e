// One package's derived ratedeck kept current from its base deck. A version of the package (its
// fingerprint) without a checkpoint is built whole from the base deck's `_all_docs` pages; then a
// ChangesFollower on the base deck's db (include_docs) derives each rate it announces and writes it
// into the derived deck through the ratedecks module (RateWriter replacing the derived rate whole,
// softDeleteRates) — an edit, an import or a removal in the base deck is one change, applied alone.
// The checkpoint (a `_local` doc in the base deck's db) is named after the fingerprint, so a restart
// resumes where it stopped and a changed package starts a full rebuild; once a build has caught up,
// the derived rates it did not write (an older version of the package, another base deck) are
// retired, and the derived deck's `_local/tollgate-package` marker records it.
import { type Change, ChangesFollower, type Couch, getLocalDoc, putLocalDoc } from '@tollgate/kazoo-db';
import type { Bus } from '@tollgate/kazoo-bus';
import type { SystemConfig } from '@tollgate/config';
import { createLogger } from '@tollgate/log';
import { claimRatedeck, listRatedeckDbs, RateWriter, type RateDoc, ratedeckDb, ratedeckIdFromDb, retireRatesNotWrittenBy, softDeleteRates } from '@tollgate/ratedecks';
import { coveringPrefixes, overridePrefixes, overrideRate, overrideRateId, prefixOfChange } from '../domain/override-rates';
import { type BaseRateDoc, type DerivedDeck, deriveRate, isLiveBaseRate, type PackagePricing } from '../domain/package-pricing';

const log = createLogger('package-decks');

/** `_local/<this>` in the derived deck's db: the fingerprint whose build finished. */
export const PACKAGE_MARKER = 'tollgate-package';

export interface DerivedDeckSource extends DerivedDeck {
  baseDeckId: string;
  /** The db the base deck's rates are read from: its active version's (ratedecks "Versions"); default its own db. */
  baseDb?: string;
  pricing: PackagePricing;
  /** Changes with the package section, its base deck and name. */
  fingerprint: string;
}

export interface DerivedDeckDeps {
  couch: Couch;
  bus?: Bus;
  config?: SystemConfig;
}

export class DerivedDeckFollower {
  private follower: ChangesFollower | undefined;
  private readonly writer: RateWriter;
  private built: Promise<void> | undefined;
  private stopped = false;
  /** Base rates derived (written or retired) since start. */
  applied = 0;
  /** Base prefix → the override prefixes a rate there may cover (override-rates.ts). */
  private readonly covering: Map<string, Set<string>>;

  constructor(
    private readonly deps: DerivedDeckDeps,
    readonly source: DerivedDeckSource,
    private readonly batchSize: number,
  ) {
    this.writer = new RateWriter(deps, { taskId: this.taskId, authAccountId: source.resellerId, replace: true });
    this.covering = coveringPrefixes(overridePrefixes(source.pricing));
  }

  /** Recorded as `pvt_task_id` on every rate this version of the package writes. */
  get taskId(): string {
    return `package:${this.source.planId}:${this.source.fingerprint}`;
  }

  private get db(): string {
    return ratedeckDb(this.source.id);
  }

  private get baseDb(): string {
    return this.source.baseDb ?? ratedeckDb(this.source.baseDeckId);
  }

  private get checkpointName(): string {
    return `pkg-${this.source.id}-${this.source.fingerprint}`;
  }

  /** Claims the derived deck and starts deriving in the background (a full build first when needed). */
  async start(): Promise<void> {
    const standing = await claimRatedeck(this.deps, this.source.id, this.source.resellerId);
    if (standing.kind !== 'owned' || standing.accountId !== this.source.resellerId) {
      log.error('a package deck belongs to someone else; not deriving it', { deck: this.source.id, reseller: this.source.resellerId });
      return;
    }
    this.built = this.run();
    this.built.catch((err) => log.warn('deriving a package deck failed', { deck: this.source.id, error: (err as Error).message }));
  }

  private async run(): Promise<void> {
    const baseDb = this.baseDb;
    const checkpoint = `tollgate-changes-${this.checkpointName}`;
    // A deck that holds nothing but its owner doc has no older version to retire.
    const wasEmpty = (await this.deps.couch.info(this.db)).doc_count <= 1;
    // No checkpoint for this version of the package: the base deck is read whole through _all_docs
    // (faster than _changes on the embedded server) from the position it had before, then followed.
    if (!(await getLocalDoc(this.deps.couch, baseDb, checkpoint)) && (await this.deps.couch.dbExists(baseDb))) {
      const seq = (await this.deps.couch.info(baseDb)).update_seq;
      await this.fullBuild(baseDb);
      if (this.stopped) return;
      await putLocalDoc(this.deps.couch, baseDb, checkpoint, { since: seq as string | number });
    }
    if (this.stopped) return;
    this.follower = new ChangesFollower({
      couchUrl: this.deps.couch.url,
      db: baseDb,
      checkpoint: this.checkpointName,
      since: '0',
      includeDocs: true,
      limit: this.batchSize,
      onChanges: (changes) => this.apply(changes),
    }).start();
    await this.follower.waitCaughtUp();
    await this.finishBuild(wasEmpty);
  }

  /** Every live rate of the base deck, a page read while the previous one is written. */
  private async fullBuild(baseDb: string): Promise<void> {
    const pages = this.deps.couch.docPages<Record<string, unknown> & { _id: string }>(baseDb, { pageSize: this.batchSize });
    const candidates = new Map<string, BaseRateDoc[]>();
    let next = pages.next();
    let writing: Promise<void> = Promise.resolve();
    for (;;) {
      const page = await next;
      if (page.done || this.stopped) break;
      next = pages.next();
      for (const doc of page.value) {
        if (!isLiveBaseRate(doc)) continue;
        for (const o of this.covering.get(String(doc.prefix)) ?? []) candidates.set(o, [...(candidates.get(o) ?? []), doc]);
      }
      await writing;
      writing = this.apply(page.value.map((doc) => ({ id: doc._id, seq: 0, changes: [], doc })), { fresh: true });
    }
    await writing;
    if (!this.stopped) for (const o of new Set([...this.covering.values()].flatMap((s) => [...s]))) await this.resolveOverride(o, candidates.get(o) ?? []);
  }

  /** Writes (or retires) the extra rate of an override prefix from the live base rates covering it. */
  private async resolveOverride(o: string, candidates: readonly BaseRateDoc[]): Promise<void> {
    const rate = overrideRate(this.source.pricing, o, candidates, this.source);
    if (rate) {
      const failed = await this.writer.write(this.db, [rate as unknown as RateDoc]);
      for (const [id, reason] of failed) log.warn('an override rate was not written', { deck: this.source.id, rate: id, reason });
    } else {
      await softDeleteRates(this.deps, this.db, [overrideRateId(o)], { pvt_retired_by_task: this.taskId });
    }
  }

  /** The live base rates at an override prefix or a shorter one, read now (a mango query; rare). */
  private async coveringRates(o: string): Promise<BaseRateDoc[]> {
    const prefixes = Array.from({ length: o.length }, (_, i) => Number(o.slice(0, i + 1)));
    const docs = await this.deps.couch.findOrEmpty<Record<string, unknown> & { _id: string }>(this.baseDb, { prefix: { $in: prefixes } }, { limit: 10_000 });
    return docs.filter(isLiveBaseRate);
  }

  /** Resolves once every base change that existed when it was called is in the derived deck. */
  async caughtUp(): Promise<void> {
    await this.built;
    await this.follower?.waitCaughtUp();
  }

  /** Stops after the page or batch in flight (a full build stops between pages). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.follower) await this.follower.stop();
    // No follower yet: run() is reading or building and returns at its next check of `stopped`.
    else await this.built?.catch(() => undefined);
  }

  /** `fresh`: a full build, where a rate that is not live has nothing derived to retire yet (the retire step after the build does it). */
  private async apply(changes: Change[], opts: { fresh?: boolean } = {}): Promise<void> {
    const live: RateDoc[] = [];
    const gone: string[] = [];
    const overrides = new Set<string>();
    for (const c of changes) {
      if (c.id.startsWith('_design/')) continue;
      if (!opts.fresh) for (const o of this.covering.get(prefixOfChange(c.id, c.doc) ?? '') ?? []) overrides.add(o);
      if (!c.deleted && isLiveBaseRate(c.doc)) live.push(deriveRate(this.source.pricing, c.doc, this.source) as unknown as RateDoc);
      else if (!opts.fresh && (c.deleted || c.doc?.pvt_type === 'rate')) gone.push(c.id);
    }
    if (live.length > 0) {
      const failed = await this.writer.write(this.db, live);
      for (const [id, reason] of failed) log.warn('a derived rate was not written', { deck: this.source.id, rate: id, reason });
    }
    if (gone.length > 0) await softDeleteRates(this.deps, this.db, gone, { pvt_retired_by_task: this.taskId });
    // A change at a prefix that covers an override prefix: that override's extra rate is redone.
    for (const o of overrides) await this.resolveOverride(o, await this.coveringRates(o));
    this.applied += live.length + gone.length;
  }

  /** After a full build: retire what an older version of the package wrote, once per fingerprint. */
  private async finishBuild(wasEmpty: boolean): Promise<void> {
    if (this.stopped) return;
    const marker = await getLocalDoc<{ fingerprint?: string }>(this.deps.couch, this.db, PACKAGE_MARKER);
    if (marker?.fingerprint === this.source.fingerprint) return;
    if (!wasEmpty) await retireRatesNotWrittenBy(this.deps, this.db, { taskId: this.taskId });
    const body = { fingerprint: this.source.fingerprint, package: this.source.planId, reseller_id: this.source.resellerId, base_ratedeck: this.source.baseDeckId };
    await putLocalDoc(this.deps.couch, this.db, PACKAGE_MARKER, body, marker?._rev);
  }
}

/**
 * The package decks derived from `baseDeckId` (their `_local/tollgate-package` marker names it): a
 * switch of the base deck's version rebuilds each of them from the new active version at the next
 * packages scan (crossbar's activation answer lists them).
 */
export async function packageDecksDerivedFrom(couch: Couch, baseDeckId: string): Promise<string[]> {
  const out: string[] = [];
  for (const db of await listRatedeckDbs(couch)) {
    const id = ratedeckIdFromDb(db);
    if (!id.startsWith('pkg-')) continue;
    const marker = await getLocalDoc<{ base_ratedeck?: string }>(couch, db, PACKAGE_MARKER).catch(() => undefined);
    if (marker?.base_ratedeck === baseDeckId) out.push(id);
  }
  return out;
}
