// One package's derived ratedeck kept current from its base deck: a ChangesFollower on the base
// deck's db (from the start, include_docs) derives each rate it announces and writes it into the
// derived deck through the ratedecks module (RateWriter, softDeleteRates) — an edit, an import or a
// removal in the base deck is one change, applied alone. The follower's checkpoint (a `_local` doc
// in the base deck's db) is named after the package's fingerprint, so a restart resumes where it
// stopped, and a changed package (another fingerprint) starts a full rebuild; once a build has
// caught up, the derived rates it did not write (an older version of the package, another base
// deck) are retired, and the derived deck's `_local/tollgate-package` marker records it.
import { type Change, ChangesFollower, type Couch, getLocalDoc, putLocalDoc } from '@tollgate/kazoo-db';
import type { Bus } from '@tollgate/kazoo-bus';
import type { SystemConfig } from '@tollgate/config';
import { createLogger } from '@tollgate/log';
import { claimRatedeck, RateWriter, type RateDoc, ratedeckDb, retireRatesNotWrittenBy, softDeleteRates } from '@tollgate/ratedecks';
import { type DerivedDeck, deriveRate, isLiveBaseRate, type PackagePricing } from '../domain/package-pricing';

const log = createLogger('package-decks');

/** `_local/<this>` in the derived deck's db: the fingerprint whose build finished. */
export const PACKAGE_MARKER = 'tollgate-package';

export interface DerivedDeckSource extends DerivedDeck {
  baseDeckId: string;
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

  constructor(
    private readonly deps: DerivedDeckDeps,
    readonly source: DerivedDeckSource,
    private readonly batchSize: number,
  ) {
    this.writer = new RateWriter(deps, { taskId: this.taskId, authAccountId: source.resellerId });
  }

  /** Recorded as `pvt_task_id` on every rate this version of the package writes. */
  get taskId(): string {
    return `package:${this.source.planId}:${this.source.fingerprint}`;
  }

  private get db(): string {
    return ratedeckDb(this.source.id);
  }

  async start(): Promise<void> {
    const standing = await claimRatedeck(this.deps, this.source.id, this.source.resellerId);
    if (standing.kind !== 'owned' || standing.accountId !== this.source.resellerId) {
      log.error('a package deck belongs to someone else; not deriving it', { deck: this.source.id, reseller: this.source.resellerId });
      return;
    }
    this.follower = new ChangesFollower({
      couchUrl: this.deps.couch.url,
      db: ratedeckDb(this.source.baseDeckId),
      checkpoint: `pkg-${this.source.id}-${this.source.fingerprint}`,
      since: '0',
      includeDocs: true,
      limit: this.batchSize,
      onChanges: (changes) => this.apply(changes),
    }).start();
    this.built = this.follower.waitCaughtUp().then(() => this.finishBuild());
    this.built.catch((err) => log.warn('finishing a package deck build failed', { deck: this.source.id, error: (err as Error).message }));
  }

  /** Resolves once every base change that existed when it was called is in the derived deck. */
  async caughtUp(): Promise<void> {
    await this.follower?.waitCaughtUp();
    await this.built;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.follower?.stop();
  }

  private async apply(changes: Change[]): Promise<void> {
    const live: RateDoc[] = [];
    const gone: string[] = [];
    for (const c of changes) {
      if (c.id.startsWith('_design/')) continue;
      if (!c.deleted && isLiveBaseRate(c.doc)) live.push(deriveRate(this.source.pricing, c.doc, this.source) as unknown as RateDoc);
      else if (c.deleted || c.doc?.pvt_type === 'rate') gone.push(c.id);
    }
    if (live.length > 0) {
      const failed = await this.writer.write(this.db, live);
      for (const [id, reason] of failed) log.warn('a derived rate was not written', { deck: this.source.id, rate: id, reason });
    }
    if (gone.length > 0) await softDeleteRates(this.deps, this.db, gone, { pvt_retired_by_task: this.taskId });
    this.applied += live.length + gone.length;
  }

  /** After a full build: retire what an older version of the package wrote, once per fingerprint. */
  private async finishBuild(): Promise<void> {
    if (this.stopped) return;
    const marker = await getLocalDoc<{ fingerprint?: string }>(this.deps.couch, this.db, PACKAGE_MARKER);
    if (marker?.fingerprint === this.source.fingerprint) return;
    await retireRatesNotWrittenBy(this.deps, this.db, { taskId: this.taskId });
    const body = { fingerprint: this.source.fingerprint, package: this.source.planId, reseller_id: this.source.resellerId, base_ratedeck: this.source.baseDeckId };
    await putLocalDoc(this.deps.couch, this.db, PACKAGE_MARKER, body, marker?._rev);
  }
}
