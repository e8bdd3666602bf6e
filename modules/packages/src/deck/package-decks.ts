// Every package's derived deck, kept current: which packages exist is read from each vendor's db
// (the master and every reseller) at start, again for a vendor as soon as a service_plan document
// event names its db (a REST write), and every `scan_interval_ms` for all of them (a doc written by
// hand in CouchDB, a reseller's own deck changing under a package that follows it, the base deck
// switching to another version). One
// DerivedDeckFollower per package; a package that changed gets a new one (a rebuild), a package
// gone has its follower stopped. Hosted by services-sync (one per platform; see README).
import { createHash } from 'node:crypto';
import type { LiveSettings, SystemConfig } from '@tollgate/config';
import { type Bus, type Consumer, docBindingKey } from '@tollgate/kazoo-bus';
import { type Couch, decodeDbName, parseAccountRef } from '@tollgate/kazoo-db';
import { activeRatedeckVersion } from '@tollgate/ratedecks';
import { createLogger } from '@tollgate/log';
import { packageRatedeckId, type ServicesStore } from '@tollgate/services';
import { type PackagesSettings, startPackagesSettings } from '../config';
import { pricingOf } from '../domain/package-pricing';
import { Packages, type StoredPackage } from '../store/packages';
import { type DerivedDeckSource, DerivedDeckFollower } from './derived-deck';

const log = createLogger('package-decks');

export interface PackageDecksDeps {
  couch: Couch;
  bus?: Bus;
  config: SystemConfig;
  store: ServicesStore;
  masterId: () => Promise<string | undefined>;
}

export class PackageDecks {
  private readonly followers = new Map<string, DerivedDeckFollower>();
  private readonly packages: Packages;
  private settings: LiveSettings<PackagesSettings> | undefined;
  private consumer: Consumer | undefined;
  private timer: NodeJS.Timeout | undefined;
  private scanning: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly deps: PackageDecksDeps) {
    this.packages = new Packages({ couch: deps.couch, store: deps.store, config: deps.config });
  }

  async start(): Promise<void> {
    this.settings = await startPackagesSettings(this.deps.config);
    if (this.deps.bus) {
      // A private queue: every instance holding followers hears of every plan change.
      this.consumer = await this.deps.bus.consume({ bindings: [{ exchange: 'configuration', routingKey: docBindingKey({ type: 'service_plan' }) }] }, (msg) => {
        const vendor = parseAccountRef(decodeDbName(String(msg.Database ?? '')))?.accountId;
        if (vendor) this.queue(() => this.scanVendor(vendor));
      });
    }
    await this.queue(() => this.scanAll());
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.consumer?.cancel();
    await this.scanning.catch(() => undefined);
    await Promise.all([...this.followers.values()].map((f) => f.stop()));
    this.followers.clear();
  }

  /** The follower of a derived deck, when its package is known. */
  follower(deckId: string): DerivedDeckFollower | undefined {
    return this.followers.get(deckId);
  }

  /** Scans every vendor now (what the timer does), resolving when done. */
  rescan(): Promise<void> {
    return this.queue(() => this.scanAll());
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.queue(() => this.scanAll()).finally(() => this.schedule());
    }, this.settings?.current.scanIntervalMs ?? 10_000);
    this.timer.unref?.();
  }

  /** Scans run one at a time. */
  private queue(scan: () => Promise<void>): Promise<void> {
    const next = this.scanning.then(scan, scan).catch((err) => {
      log.warn('scanning packages failed', { error: (err as Error).message });
    });
    this.scanning = next;
    return next;
  }

  private async scanAll(): Promise<void> {
    const vendors = new Set(await this.deps.store.resellerIds());
    const master = await this.deps.masterId();
    if (master) vendors.add(master);
    for (const vendor of vendors) await this.scanVendor(vendor);
    // Followers of vendors no longer scanned (a demoted reseller): stopped.
    for (const [deckId, f] of this.followers) {
      if (!vendors.has(f.source.resellerId)) await this.drop(deckId);
    }
  }

  private async sourceOf(vendorId: string, doc: StoredPackage): Promise<DerivedDeckSource | undefined> {
    try {
      await this.packages.assertValid(vendorId, doc._id, doc);
    } catch (err) {
      log.warn('an invalid package is not derived', { vendor: vendorId, package: doc._id, error: (err as Error).message });
      return undefined;
    }
    const baseDeckId = await this.packages.baseRatedeckOf(vendorId, doc.package);
    // A base deck with versions: derived from its active version, and rebuilt at every switch (the
    // active version's db and activation time are in the fingerprint). A deck without versions
    // keeps the fingerprint it always had.
    const active = await activeRatedeckVersion(this.deps.couch, baseDeckId);
    const parts: unknown[] = [doc.package, baseDeckId, doc.name ?? null];
    if (active) parts.push(active.db, active.activated ?? null);
    const fingerprint = createHash('sha1').update(JSON.stringify(parts)).digest('hex').slice(0, 12);
    return {
      id: packageRatedeckId(vendorId, doc._id),
      resellerId: vendorId,
      planId: doc._id,
      baseDeckId,
      ...(active ? { baseDb: active.db } : {}),
      pricing: pricingOf(doc.package),
      fingerprint,
    };
  }

  async scanVendor(vendorId: string): Promise<void> {
    if (this.stopped) return;
    const docs = await this.packages.list(vendorId);
    const seen = new Set<string>();
    for (const doc of docs) {
      const source = await this.sourceOf(vendorId, doc);
      if (!source) continue;
      seen.add(source.id);
      const current = this.followers.get(source.id);
      if (current?.source.fingerprint === source.fingerprint) continue;
      if (current) await current.stop();
      const follower = new DerivedDeckFollower(this.deps, source, this.settings?.current.deriveBatchSize ?? 5000);
      this.followers.set(source.id, follower);
      await follower.start();
      log.info('deriving a package deck', { deck: source.id, base: source.baseDeckId, package: source.planId, fingerprint: source.fingerprint });
    }
    for (const [deckId, f] of this.followers) if (f.source.resellerId === vendorId && !seen.has(deckId)) await this.drop(deckId);
  }

  private async drop(deckId: string): Promise<void> {
    await this.followers.get(deckId)?.stop();
    this.followers.delete(deckId);
  }
}
