// Every ratedeck db (`ratedeck`, `ratedeck/<id>`) kept in memory. The list of dbs is read every
// `ratedeck_scan_ms` (the embedded server has no `_db_updates`), so a deck created by an import is
// noticed; a request for a deck not seen yet checks for its db at once instead of waiting.
// A deck's versions (`ratedeck/<id>/v/<n>`) are indexed and followed like decks, under the key
// `<id>/v/<n>`, before they are activated; the deck's own index carries the version its
// `ratedeck_versions` pointer names, so `current(id)` resolves to that version's index as soon as
// the pointer's change is applied — one assignment: a lookup sees the old version whole or the new
// one whole, never a mix.
import type { Couch } from '@tollgate/kazoo-db';
import { createLogger } from '@tollgate/log';
import { listRatedeckAndVersionDbs, ratedeckDb, ratedeckIdFromDb, ratedeckVersionDb } from '@tollgate/ratedecks';
import type { DeckIndex } from '../deck/deck-index';
import { type DeckSnapshotOptions, LiveDeck } from './live-deck';

const log = createLogger('rating');
/** After a request for a deck whose db does not exist, do not ask CouchDB again for this long. */
const MISSING_DECK_RECHECK_MS = 1000;

/** How a version db is keyed among the decks: `<deck id>/v/<n>` (no deck id has a `/`). */
export function versionKey(ratedeckId: string, version: number): string {
  return `${ratedeckId}/v/${version}`;
}

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
    const pending = [...this.decks.values()].map((d) => ({ id: d.key, p: d.progress() })).filter((d) => !d.p.serving);
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
    let versions: { db: string; ratedeckId: string; version: number }[];
    try {
      ({ decks: dbs, versions } = await listRatedeckAndVersionDbs(this.opts.couch));
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
    for (const v of versions) {
      const key = versionKey(v.ratedeckId, v.version);
      seen.add(key);
      if (!this.decks.has(key)) this.add(v.ratedeckId, v.db, v.version);
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

  private add(ratedeckId: string, db: string, version?: number): LiveDeck {
    const key = version === undefined ? ratedeckId : versionKey(ratedeckId, version);
    const deck = new LiveDeck({ couch: this.opts.couch, db, ratedeckId, key, version, pageSize: this.opts.pageSize, snapshots: this.opts.snapshots, onIndexed: this.opts.onIndexed });
    this.decks.set(key, deck);
    this.addedAt.set(key, this.scansBegun);
    this.missingUntil.delete(key);
    this.buildWithRetry(deck);
    return deck;
  }

  private buildWithRetry(deck: LiveDeck, delayMs = 500): void {
    deck.rebuild().catch((err) => {
      if (this.stopped || this.decks.get(deck.key) !== deck) return;
      log.warn(`indexing ratedeck ${deck.key} failed; retrying in ${delayMs} ms`, { error: (err as Error).message });
      setTimeout(() => this.buildWithRetry(deck, Math.min(delayMs * 2, 10_000)), delayMs).unref();
    });
  }

  current(ratedeckId: string): DeckIndex | undefined {
    const own = this.decks.get(ratedeckId)?.serving;
    if (own === undefined || own.activeVersion === undefined) return own;
    return this.withOwner(this.decks.get(versionKey(ratedeckId, own.activeVersion))?.serving, own);
  }

  /** A version answers with its deck's owner (the owner doc lives in the deck's own db). */
  private withOwner(version: DeckIndex | undefined, own: DeckIndex): DeckIndex | undefined {
    if (version !== undefined && version.owner !== own.owner) version.owner = own.owner;
    return version;
  }

  async indexFor(ratedeckId: string, waitMs: number): Promise<DeckIndex | undefined> {
    const started = Date.now();
    const own = await this.ownIndexFor(ratedeckId, waitMs);
    if (own === undefined || own.activeVersion === undefined) return own;
    const version = own.activeVersion;
    const key = versionKey(ratedeckId, version);
    let deck = this.decks.get(key);
    if (!deck) {
      const db = ratedeckVersionDb(ratedeckId, version);
      const exists = await this.opts.couch.dbExists(db).catch(() => false);
      deck = this.decks.get(key);
      if (!deck) {
        if (!exists) {
          log.warn(`ratedeck ${ratedeckId}: its active version ${version} has no db ${db}; no rate is given from it`);
          return undefined;
        }
        deck = this.add(ratedeckId, db, version);
      }
    }
    return this.withOwner(await deck.whenServing(Math.max(0, waitMs - (Date.now() - started))), own);
  }

  private async ownIndexFor(ratedeckId: string, waitMs: number): Promise<DeckIndex | undefined> {
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
  list(): { ratedeckId: string; db: string; version?: number; activeVersion?: number; rates?: number; prefixes?: number; restored: boolean }[] {
    return [...this.decks.values()].map((d) => ({
      ratedeckId: d.key,
      db: d.db,
      ...(d.version !== undefined ? { version: d.version } : { activeVersion: d.serving?.activeVersion ?? 0 }),
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
