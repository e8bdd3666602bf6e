// Every ratedeck db (`ratedeck`, `ratedeck/<id>`) kept in memory. The list of dbs is read every
// `ratedeck_scan_ms` (the embedded server has no `_db_updates`), so a deck created by an import is
// noticed; a request for a deck not seen yet checks for its db at once instead of waiting.
import type { Couch } from '@tollgate/kazoo-db';
import { createLogger } from '@tollgate/log';
import { listRatedeckDbs, ratedeckDb, ratedeckIdFromDb } from '@tollgate/ratedecks';
import type { DeckIndex } from '../deck/deck-index';
import { type DeckSnapshotOptions, LiveDeck } from './live-deck';

const log = createLogger('rating');
/** After a request for a deck whose db does not exist, do not ask CouchDB again for this long. */
const MISSING_DECK_RECHECK_MS = 1000;

export interface RatedecksOptions {
  couch: Couch;
  scanIntervalMs: () => number;
  pageSize: () => number;
  /** Where big decks keep their snapshot files; none without. */
  snapshots?: DeckSnapshotOptions;
  /** Told each time a deck's index starts serving. */
  onIndexed?: (ratedeckId: string, seconds: number, restored: boolean) => void;
}

/** Whether rating can answer for every deck it knows, and if not what it is doing. */
export interface DecksReadiness {
  ready: boolean;
  detail?: string;
}

/** What rating needs to look rates up. */
export interface RatedeckSource {
  /** The deck's index now, without waiting. */
  current(ratedeckId: string): DeckIndex | undefined;
  /** The deck's index, waiting up to `waitMs` for a deck being indexed (or just created). */
  indexFor(ratedeckId: string, waitMs: number): Promise<DeckIndex | undefined>;
}

export class Ratedecks implements RatedeckSource {
  private readonly decks = new Map<string, LiveDeck>();
  private readonly missingUntil = new Map<string, number>();
  private scanTimer: NodeJS.Timeout | undefined;
  private scanning: Promise<void> | undefined;
  private stopped = false;
  private scanFailing = false;
  /** Waiting for the next scan that lists the dbs: resolved once one that began after them succeeds. */
  private scanWaiters: (() => void)[] = [];
  /** Scans begun so far, and how many had begun when each deck was added. */
  private scansBegun = 0;
  private readonly addedAt = new Map<string, number>();

  constructor(private readonly opts: RatedecksOptions) {}

  /** Finds the decks that exist and starts indexing them (see ready()). */
  async start(): Promise<void> {
    await this.scan();
    this.scheduleScan();
  }

  /** Resolves when every deck known now has an index, or after `ms`. */
  async ready(ms: number): Promise<void> {
    await Promise.all([...this.decks.values()].map((d) => d.whenServing(ms)));
  }

  /** Resolves when every deck known now has an index (or is gone), however long that takes. */
  async allServed(): Promise<void> {
    await Promise.all([...this.decks.values()].map((d) => d.served()));
  }

  /** "indexing ratedeck 43 %" while a deck has no index yet. */
  readiness(): DecksReadiness {
    const pending = [...this.decks.values()].map((d) => ({ id: d.ratedeckId, p: d.progress() })).filter((d) => !d.p.serving);
    if (pending.length === 0) return { ready: true };
    const detail = pending
      .map(({ id, p }) => `indexing ${id} ${p.total > 0 ? Math.min(100, Math.floor((p.indexed / p.total) * 100)) : 0} %`)
      .join(', ');
    return { ready: false, detail };
  }

  private scheduleScan(): void {
    if (this.stopped) return;
    this.scanTimer = setTimeout(() => {
      this.scanning = this.scan().finally(() => {
        this.scanning = undefined;
        this.scheduleScan();
      });
    }, this.opts.scanIntervalMs());
    this.scanTimer.unref();
  }

  /** Resolves once a scan that began after this call has listed the ratedeck dbs and applied what it found. */
  nextScan(): Promise<void> {
    return new Promise((resolve) => this.scanWaiters.push(resolve));
  }

  private async scan(): Promise<void> {
    const waiters = this.scanWaiters;
    this.scanWaiters = [];
    const scan = ++this.scansBegun;
    let dbs: string[];
    try {
      dbs = await listRatedeckDbs(this.opts.couch);
    } catch (err) {
      if (!this.scanFailing) log.warn('cannot list the ratedeck dbs; the decks in memory keep serving', { error: (err as Error).message });
      this.scanFailing = true;
      this.scanWaiters.push(...waiters);
      return;
    }
    if (this.scanFailing) log.info('ratedeck dbs can be listed again');
    this.scanFailing = false;
    const seen = new Set<string>();
    for (const db of dbs) {
      const id = ratedeckIdFromDb(db);
      seen.add(id);
      if (!this.decks.has(id)) this.add(id, db);
    }
    // A deck added while this scan listed the dbs (a request for a new deck) may be missing from
    // the list because the list is older than it: the next scan judges it.
    const gone = [...this.decks].filter(([id]) => !seen.has(id) && (this.addedAt.get(id) ?? 0) < scan);
    for (const [id, deck] of gone) {
      this.addedAt.delete(id);
      log.info(`ratedeck db ${deck.db} is gone; its rates are no longer used`);
      this.decks.delete(id);
    }
    for (const w of waiters) w();
    for (const [, deck] of gone) await deck.discard();
  }

  private add(ratedeckId: string, db: string): LiveDeck {
    const deck = new LiveDeck({ couch: this.opts.couch, db, ratedeckId, pageSize: this.opts.pageSize, snapshots: this.opts.snapshots, onIndexed: this.opts.onIndexed });
    this.decks.set(ratedeckId, deck);
    this.addedAt.set(ratedeckId, this.scansBegun);
    this.missingUntil.delete(ratedeckId);
    this.buildWithRetry(deck);
    return deck;
  }

  private buildWithRetry(deck: LiveDeck, delayMs = 500): void {
    deck.rebuild().catch((err) => {
      if (this.stopped || this.decks.get(deck.ratedeckId) !== deck) return;
      log.warn(`indexing ratedeck ${deck.ratedeckId} failed; retrying in ${delayMs} ms`, { error: (err as Error).message });
      setTimeout(() => this.buildWithRetry(deck, Math.min(delayMs * 2, 10_000)), delayMs).unref();
    });
  }

  current(ratedeckId: string): DeckIndex | undefined {
    return this.decks.get(ratedeckId)?.serving;
  }

  async indexFor(ratedeckId: string, waitMs: number): Promise<DeckIndex | undefined> {
    let deck = this.decks.get(ratedeckId);
    if (!deck) {
      if ((this.missingUntil.get(ratedeckId) ?? 0) > Date.now()) return undefined;
      const db = ratedeckDb(ratedeckId);
      let exists: boolean;
      try {
        exists = await this.opts.couch.dbExists(db);
      } catch {
        return undefined; // CouchDB down: a deck we never saw cannot be read now
      }
      deck = this.decks.get(ratedeckId);
      if (!deck) {
        if (!exists) {
          this.missingUntil.set(ratedeckId, Date.now() + MISSING_DECK_RECHECK_MS);
          return undefined;
        }
        deck = this.add(ratedeckId, db);
      }
    }
    return deck.whenServing(waitMs);
  }

  /** Indexes a deck again while its current index keeps serving. */
  async rebuild(ratedeckId: string): Promise<void> {
    await this.decks.get(ratedeckId)?.rebuild();
  }

  /** The decks in memory, for `?explain` and the logs. */
  list(): { ratedeckId: string; db: string; rates?: number; prefixes?: number; restored: boolean }[] {
    return [...this.decks.values()].map((d) => ({
      ratedeckId: d.ratedeckId,
      db: d.db,
      rates: d.serving?.size,
      prefixes: d.serving?.prefixCount,
      restored: d.restored,
    }));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.scanTimer);
    await this.scanning;
    await Promise.all([...this.decks.values()].map((d) => d.stop()));
    this.decks.clear();
  }
}
