// One ratedeck db kept in memory: indexed from `_all_docs` pages, then kept current from its
// `_changes` one doc at a time. A rebuild indexes into a new DeckIndex while the current one keeps
// serving, and swaps only once the new one has caught up with the feed.
import { type Change, ChangesFollower, type Couch } from '@tollgate/kazoo-db';
import { createLogger } from '@tollgate/log';
import { DeckIndex } from '../deck/deck-index';
import { allDocsPages, dbSnapshotInfo } from './all-docs-pages';

const log = createLogger('rating');
const CATCH_UP_WAIT_MS = 5000;

export interface LiveDeckOptions {
  couch: Couch;
  db: string;
  ratedeckId: string;
  pageSize: () => number;
}

export function applyChanges(index: DeckIndex, changes: readonly Change[]): void {
  for (const c of changes) {
    if (c.id.startsWith('_design/')) continue;
    if (c.deleted || !c.doc) index.remove(c.id);
    else index.upsert(c.doc);
  }
}

export class LiveDeck {
  readonly db: string;
  readonly ratedeckId: string;
  /** The index answering lookups; undefined until the first build is done. */
  serving: DeckIndex | undefined;
  private follower: ChangesFollower | undefined;
  private building: Promise<void> | undefined;
  private stopped = false;
  private readonly firstBuild: Promise<void>;
  private resolveFirst!: () => void;
  builtAt: Date | undefined;

  constructor(private readonly opts: LiveDeckOptions) {
    this.db = opts.db;
    this.ratedeckId = opts.ratedeckId;
    this.firstBuild = new Promise((resolve) => {
      this.resolveFirst = resolve;
    });
  }

  /** Resolves when the deck first has an index, or after `ms`, whichever comes first. */
  async whenServing(ms: number): Promise<DeckIndex | undefined> {
    if (this.serving || ms <= 0) return this.serving;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.firstBuild, new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
    clearTimeout(timer);
    return this.serving;
  }

  /** Indexes the db again into a new index; the current one serves until the new one is ready. */
  rebuild(): Promise<void> {
    if (!this.building) {
      this.building = this.build().finally(() => {
        this.building = undefined;
      });
    }
    return this.building;
  }

  private async build(): Promise<void> {
    const { couch, db } = this.opts;
    const started = Date.now();
    const info = await dbSnapshotInfo(couch, db);
    const index = new DeckIndex(this.ratedeckId, info.docCount + 16);
    let skipped = 0;
    for await (const page of allDocsPages(couch, db, this.opts.pageSize())) {
      if (this.stopped) return;
      for (const doc of page) if (!index.upsert(doc).ok) skipped++;
    }
    const follower = new ChangesFollower({
      couchUrl: couch.url,
      db,
      since: info.updateSeq,
      includeDocs: true,
      limit: 5000,
      onChanges: (changes) => applyChanges(index, changes),
    }).start();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([follower.waitCaughtUp(), new Promise<void>((r) => (timer = setTimeout(r, CATCH_UP_WAIT_MS)))]);
    clearTimeout(timer);
    if (this.stopped) {
      await follower.stop();
      return;
    }
    const previous = this.follower;
    this.serving = index;
    this.follower = follower;
    this.builtAt = new Date();
    this.resolveFirst();
    await previous?.stop();
    log.info(`ratedeck ${this.ratedeckId} indexed: ${index.size} rates, ${index.prefixCount} prefixes in ${Date.now() - started} ms`, {
      db,
      skipped,
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.follower?.stop();
    this.follower = undefined;
  }
}
