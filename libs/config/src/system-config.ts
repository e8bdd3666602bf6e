// system_config as Kazoo's kapps_config: one doc per category, values under "default" with
// node-specific sections over it; a default asked for is written back so admins find every knob
// in Fauxton; edits made straight in CouchDB reach every running service through _changes.
import { ChangesFollower, type Couch, type Doc, GLOBAL_DBS, stampPvt } from '@tollgate/kazoo-db';
import { createLogger } from '@tollgate/log';

const log = createLogger('config');

export type ConfigKey = string | readonly string[];
export type ConfigListener = (category: string) => void;

export interface SystemConfigOptions {
  couch: Couch;
  /** This process's node name (Kazoo's erlang node, e.g. tollgate@host): its section wins over "default". */
  node: string;
  zone?: string;
  /** Database name; tests use their own. */
  db?: string;
}

type CategoryDoc = Doc & { default?: Record<string, unknown> };

function path(key: ConfigKey): readonly string[] {
  return typeof key === 'string' ? [key] : key;
}

function dig(obj: unknown, keys: readonly string[]): unknown {
  let cur = obj;
  for (const k of keys) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

function put(obj: Record<string, unknown>, keys: readonly string[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = keys;
  const out = { ...obj };
  if (rest.length === 0) {
    if (value === undefined) delete out[head];
    else out[head] = value;
    return out;
  }
  const child = out[head];
  out[head] = put(child && typeof child === 'object' && !Array.isArray(child) ? (child as Record<string, unknown>) : {}, rest, value);
  return out;
}

export class SystemConfig {
  readonly node: string;
  readonly zone: string | undefined;
  readonly db: string;
  private readonly couch: Couch;
  /** null caches "no such category". */
  private readonly cache = new Map<string, CategoryDoc | null>();
  /** Revision generation of what the cache holds per category (a tombstone's too). */
  private readonly generations = new Map<string, number>();
  private readonly listeners = new Set<ConfigListener>();
  private follower: ChangesFollower | undefined;

  constructor(opts: SystemConfigOptions) {
    this.couch = opts.couch;
    this.node = opts.node;
    this.zone = opts.zone;
    this.db = opts.db ?? GLOBAL_DBS.systemConfig;
  }

  /** Creates the db if needed and starts following it so cached categories stay live. */
  async start(): Promise<void> {
    await this.couch.ensureDb(this.db);
    this.follower = new ChangesFollower({
      couchUrl: this.couch.url,
      db: this.db,
      since: 'now',
      includeDocs: true,
      onChanges: (changes) => {
        for (const c of changes) {
          if (c.id.startsWith('_design/')) continue;
          const rev = c.doc?._rev ?? c.changes[0]?.rev;
          if (this.remember(c.id, c.deleted || !c.doc ? null : (c.doc as CategoryDoc), rev)) this.emit(c.id);
        }
      },
    }).start();
    await this.follower.waitCaughtUp();
  }

  async stop(): Promise<void> {
    await this.follower?.stop();
    this.follower = undefined;
  }

  /** Called (synchronously) after a category changed, whoever changed it. */
  onChange(listener: ConfigListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(category: string): void {
    for (const l of this.listeners) {
      try {
        l(category);
      } catch (err) {
        log.error('config listener failed', { category, error: (err as Error).message });
      }
    }
  }

  flush(category?: string): void {
    if (category) {
      this.cache.delete(category);
      this.generations.delete(category);
    } else {
      this.cache.clear();
      this.generations.clear();
    }
  }

  /**
   * Caches what was read or written unless the cache already holds a later revision: the
   * `_changes` feed can deliver an older revision after this process wrote a newer one, and a
   * read that started before a write can finish after it. False when `doc` was older.
   */
  private remember(category: string, doc: CategoryDoc | null, rev: string | undefined): boolean {
    const known = this.generations.get(category);
    const gen = rev ? Number.parseInt(rev, 10) : undefined;
    if (known !== undefined && (gen === undefined || gen < known)) return false;
    this.cache.set(category, doc);
    if (gen !== undefined) this.generations.set(category, gen);
    return true;
  }

  async category(category: string): Promise<CategoryDoc | undefined> {
    // Without a running follower nothing would invalidate the cache, so read through.
    if (this.follower && this.cache.has(category)) return this.cache.get(category) ?? undefined;
    const doc = (await this.couch.get<CategoryDoc>(this.db, category)) ?? null;
    if (this.follower) this.remember(category, doc, doc?._rev);
    return doc ?? undefined;
  }

  /** The value in this node's section, else the zone's, else "default"; undefined when none. */
  lookup(doc: CategoryDoc | undefined, key: ConfigKey): unknown {
    if (!doc) return undefined;
    const keys = path(key);
    for (const section of [this.node, this.zone, 'default']) {
      if (!section) continue;
      const v = dig(doc[section], keys);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  /** kapps_config:get/3: a missing value with a default writes the default back into "default". */
  async get<T>(category: string, key: ConfigKey, dflt: T): Promise<T>;
  async get(category: string, key: ConfigKey): Promise<unknown>;
  async get(category: string, key: ConfigKey, dflt?: unknown): Promise<unknown> {
    const value = this.lookup(await this.category(category), key);
    if (value !== undefined) return value;
    if (dflt === undefined) return undefined;
    await this.writeDefaultIfMissing(category, key, dflt);
    return dflt;
  }

  private async writeDefaultIfMissing(category: string, key: ConfigKey, value: unknown): Promise<void> {
    try {
      const saved = await this.couch.update<CategoryDoc>(this.db, category, (cur) => {
        if (cur && dig(cur.default, path(key)) !== undefined) return undefined;
        return this.withValue(cur, category, ['default', ...path(key)], value);
      });
      if (this.follower && saved) this.remember(category, saved, saved._rev);
    } catch (err) {
      // Reading a setting must work even when writing it back does not (read-only replica, …).
      log.warn('could not write a config default back', { category, key, error: (err as Error).message });
    }
  }

  private withValue(cur: CategoryDoc | undefined, category: string, keys: readonly string[], value: unknown): CategoryDoc {
    const base: CategoryDoc = cur ?? { _id: category, default: {} };
    return stampPvt(put(base, keys, value) as CategoryDoc, { type: 'config' });
  }

  /** kapps_config:set/3: writes the node's section when it already has the key, else "default". */
  async set(category: string, key: ConfigKey, value: unknown): Promise<void> {
    await this.write(category, (cur) => {
      const nodeHas = cur && dig(cur[this.node], path(key)) !== undefined;
      return [nodeHas ? this.node : 'default', ...path(key)];
    }, value);
  }

  async setDefault(category: string, key: ConfigKey, value: unknown): Promise<void> {
    await this.write(category, () => ['default', ...path(key)], value);
  }

  async setNode(category: string, key: ConfigKey, value: unknown, node = this.node): Promise<void> {
    await this.write(category, () => [node, ...path(key)], value);
  }

  /** Removes the key from "default" and from this node's section. */
  async delete(category: string, key: ConfigKey): Promise<void> {
    const saved = await this.couch.update<CategoryDoc>(this.db, category, (cur) => {
      if (!cur) return undefined;
      let doc: CategoryDoc = cur;
      for (const section of ['default', this.node]) if (dig(doc[section], path(key)) !== undefined) doc = put(doc, [section, ...path(key)], undefined) as CategoryDoc;
      return doc === cur ? undefined : stampPvt(doc, { type: 'config' });
    });
    if (this.follower && saved) this.remember(category, saved, saved._rev);
  }

  private async write(category: string, where: (cur: CategoryDoc | undefined) => readonly string[], value: unknown): Promise<void> {
    const saved = await this.couch.update<CategoryDoc>(this.db, category, (cur) => this.withValue(cur, category, where(cur), value));
    if (this.follower && saved) this.remember(category, saved, saved._rev);
  }

  // Typed getters (kapps_config:get_integer, get_is_true, …). A value an admin mistyped in
  // Fauxton is logged and the default used, instead of breaking the service that reads it.

  async getInteger(category: string, key: ConfigKey, dflt: number): Promise<number> {
    const v = await this.get<unknown>(category, key, dflt);
    const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
    if (typeof n === 'number' && Number.isFinite(n)) return Math.trunc(n);
    return this.mistyped(category, key, v, 'an integer', dflt);
  }

  async getNumber(category: string, key: ConfigKey, dflt: number): Promise<number> {
    const v = await this.get<unknown>(category, key, dflt);
    const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
    if (typeof n === 'number' && Number.isFinite(n)) return n;
    return this.mistyped(category, key, v, 'a number', dflt);
  }

  async getBoolean(category: string, key: ConfigKey, dflt: boolean): Promise<boolean> {
    const v = await this.get<unknown>(category, key, dflt);
    if (typeof v === 'boolean') return v;
    if (v === 'true') return true;
    if (v === 'false') return false;
    return this.mistyped(category, key, v, 'a boolean', dflt);
  }

  async getString(category: string, key: ConfigKey, dflt: string): Promise<string> {
    const v = await this.get<unknown>(category, key, dflt);
    if (typeof v === 'string') return v;
    return this.mistyped(category, key, v, 'a string', dflt);
  }

  async getStringList(category: string, key: ConfigKey, dflt: string[]): Promise<string[]> {
    const v = await this.get<unknown>(category, key, dflt);
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v;
    return this.mistyped(category, key, v, 'a list of strings', dflt);
  }

  async getObject<T extends Record<string, unknown>>(category: string, key: ConfigKey, dflt: T): Promise<T> {
    const v = await this.get<unknown>(category, key, dflt);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as T;
    return this.mistyped(category, key, v, 'an object', dflt);
  }

  private mistyped<T>(category: string, key: ConfigKey, value: unknown, expected: string, dflt: T): T {
    log.warn(`system_config ${category} ${path(key).join('.')} should be ${expected}; using the default`, { value, default: dflt });
    return dflt;
  }
}
