// One ratedeck db kept in memory: indexed from `_all_docs` pages (or restored from its local
// snapshot file), then kept current from its `_changes` one doc at a time. A rebuild indexes into a
// new DeckIndex while the current one keeps serving, and swaps only once the new one has caught up
// with the feed.
import { type Change, ChangesFollower, type Couch, type Seq, seqNumber } from '@tollgate/kazoo-db';
import { createLogger } from '@tollgate/log';
import { DeckIndex } from '../deck/deck-index';
import { ensureIncarnation, readIncarnation } from './deck-incarnation';
import { readDeckSnapshot, removeDeckSnapshots, writeDeckSnapshot } from './deck-snapshot-file';

const log = createLogger('rating');
const CATCH_UP_WAIT_MS = 5000;

export interface DeckSnapshotOptions {
  dir: string;
  /** Decks with fewer rates are indexed from CouchDB on every start (it is quick) and get no file. */
  minRates: () => number;
  intervalMs: () => number;
}

export interface LiveDeckOptions {
  couch: Couch;
  db: string;
  /** The deck the index answers for (`Ratedeck-ID`): a version db's index answers for its deck. */
  ratedeckId: string;
  /** How the deck set names this db: the deck id, or `<deck id>/v/<n>` for a version db (default: ratedeckId). */
  key?: string;
  /** The version a version db holds; undefined for a deck's own db. */
  version?: number;
  pageSize: () => number;
  snapshots?: DeckSnapshotOptions;
  /** Told each time an index starts serving (the index build time metric). */
  onIndexed?: (ratedeckId: string, seconds: number, restored: boolean) => void;
}

/** How far the first index of a deck has come. */
export interface DeckProgress {
  serving: boolean;
  /** Docs read so far, of `total` (the db's doc_count when indexing began). */
  indexed: number;
  total: number;
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
  readonly key: string;
  readonly version: number | undefined;
  /** The index answering lookups; undefined until the first build is done. */
  serving: DeckIndex | undefined;
  private follower: ChangesFollower | undefined;
  private building: Promise<void> | undefined;
  private stopped = false;
  private readonly firstBuild: Promise<void>;
  private resolveFirst!: () => void;
  private progressNow = { indexed: 0, total: 0 };
  private snapshotTimer: NodeJS.Timeout | undefined;
  private saving: Promise<void> | undefined;
  private savedSeq: Seq | undefined;
  builtAt: Date | undefined;
  /** Whether the serving index came from the local snapshot (and the changes since) rather than CouchDB. */
  restored = false;

  constructor(private readonly opts: LiveDeckOptions) {
    this.db = opts.db;
    this.ratedeckId = opts.ratedeckId;
    this.key = opts.key ?? opts.ratedeckId;
    this.version = opts.version;
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

  /** Resolves when the deck first has an index, however long that takes. */
  async served(): Promise<void> {
    await this.firstBuild;
  }

  progress(): DeckProgress {
    return { serving: this.serving !== undefined, ...this.progressNow };
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
    const info = await couch.info(db);
    this.progressNow = { indexed: 0, total: info.doc_count };
    // A first build may start from the local snapshot; a rebuild asked for later reads CouchDB.
    const restored = this.serving ? undefined : await this.restore(info.update_seq);
    let index: DeckIndex;
    let since: Seq;
    let skipped = 0;
    if (restored) {
      index = restored.index;
      since = restored.seq;
      this.progressNow = { indexed: info.doc_count, total: info.doc_count };
    } else {
      index = new DeckIndex(this.ratedeckId, info.doc_count + 16);
      since = info.update_seq;
      // `_all_docs` a page at a time, not a view (JavaScript views index at ~1.5 k docs/s on the
      // embedded server), holding one page in memory.
      for await (const page of couch.docPages(db, { pageSize: this.opts.pageSize() })) {
        if (this.stopped) return;
        for (const doc of page) if (!index.upsert(doc).ok) skipped++;
        this.progressNow = { indexed: this.progressNow.indexed + page.length, total: info.doc_count };
      }
    }
    index.version = this.version;
    const follower = new ChangesFollower({
      couchUrl: couch.url,
      db,
      since,
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
    this.restored = restored !== undefined;
    this.resolveFirst();
    await previous?.stop();
    log.info(`ratedeck ${this.key} ${restored ? 'restored from its snapshot' : 'indexed'}: ${index.size} rates, ${index.prefixCount} prefixes in ${Date.now() - started} ms`, {
      db,
      skipped,
    });
    this.opts.onIndexed?.(this.key, (Date.now() - started) / 1000, restored !== undefined);
    if (restored) this.savedSeq = restored.seq;
    else this.saveSnapshot();
    this.scheduleSnapshot();
  }

  /** The deck's snapshot when it is this db's, reflects no position beyond the db's, and loads. */
  private async restore(updateSeq: Seq): Promise<{ index: DeckIndex; seq: Seq } | undefined> {
    const snapshots = this.opts.snapshots;
    if (!snapshots) return undefined;
    try {
      const incarnation = await readIncarnation(this.opts.couch, this.db);
      if (!incarnation) return undefined;
      const snapshot = await readDeckSnapshot(snapshots.dir, { db: this.db, incarnation });
      if (!snapshot || snapshot.state.ratedeckId !== this.ratedeckId) return undefined;
      if (!(seqNumber(snapshot.seq) <= seqNumber(updateSeq))) {
        log.info(`the snapshot of ratedeck ${this.ratedeckId} is ahead of its db; indexing it from CouchDB`, { db: this.db });
        return undefined;
      }
      return { index: DeckIndex.fromState(snapshot.state), seq: snapshot.seq };
    } catch (err) {
      log.warn(`cannot restore ratedeck ${this.ratedeckId} from its snapshot; indexing it from CouchDB`, { error: (err as Error).message });
      return undefined;
    }
  }

  private scheduleSnapshot(): void {
    const snapshots = this.opts.snapshots;
    if (!snapshots || this.stopped) return;
    clearTimeout(this.snapshotTimer);
    this.snapshotTimer = setTimeout(() => {
      this.saveSnapshot();
      this.scheduleSnapshot();
    }, snapshots.intervalMs());
    this.snapshotTimer.unref();
  }

  /** Writes the serving index to its snapshot file when the deck is big enough and changed since. */
  saveSnapshot(): Promise<void> {
    if (!this.saving) {
      this.saving = this.writeSnapshot()
        .catch((err) => {
          log.warn(`cannot write the snapshot of ratedeck ${this.ratedeckId}`, { error: (err as Error).message });
        })
        .finally(() => {
          this.saving = undefined;
        });
    }
    return this.saving;
  }

  private async writeSnapshot(): Promise<void> {
    const snapshots = this.opts.snapshots;
    const index = this.serving;
    const seq = this.follower?.position;
    if (!snapshots || !index || seq === undefined || seq === this.savedSeq) return;
    if (index.size < snapshots.minRates()) {
      await removeDeckSnapshots(snapshots.dir, this.db);
      return;
    }
    const started = Date.now();
    const incarnation = await ensureIncarnation(this.opts.couch, this.db);
    // The position first, then the copy, in one go: the copy may hold changes newer than the
    // position (applied again on load, harmlessly) but never lacks one before it.
    const position = this.follower?.position ?? seq;
    const state = index.exportState();
    await writeDeckSnapshot(snapshots.dir, { db: this.db, incarnation }, { seq: position, state });
    await removeDeckSnapshots(snapshots.dir, this.db, incarnation);
    this.savedSeq = position;
    log.info(`ratedeck ${this.ratedeckId} snapshot written in ${Date.now() - started} ms`, { db: this.db, dir: snapshots.dir, seq: position });
  }

  /** Stops following; `keepSnapshot` writes the snapshot first when the deck changed since the last one. */
  async stop(keepSnapshot = true): Promise<void> {
    this.stopped = true;
    this.resolveFirst(); // nobody waits for a deck that will not be served
    clearTimeout(this.snapshotTimer);
    await this.saving;
    if (keepSnapshot) await this.saveSnapshot();
    await this.follower?.stop();
    this.follower = undefined;
  }

  /** The deck's db is gone: its snapshot files go too. */
  async discard(): Promise<void> {
    await this.stop(false);
    if (this.opts.snapshots) await removeDeckSnapshots(this.opts.snapshots.dir, this.db);
  }
}
