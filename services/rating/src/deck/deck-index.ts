// One ratedeck in memory: an open-addressing hash from prefix (as an integer, like Kazoo's
// `rates/lookup` keys) to a chain of rate entries, and the entries in typed-array columns with
// shared values (costs, descriptions, route lists, …) interned. A lookup tries each prefix of the
// number, longest first: at most 15 probes, no allocation but the records it returns. Edits are
// applied one doc at a time; nothing is rebuilt for a single change.
import {
  activeVersionOf,
  DEFAULT_RATEDECK,
  defaultRoute,
  generateRateName,
  RATEDECK_OWNER_DOC_ID,
  RATEDECK_VERSIONS_DOC_ID,
  rateId,
  ratedeckOwnerOf,
} from '@tollgate/ratedecks';
import { canonicalPrefix, MAX_PREFIX_DIGITS, type ParsedRate, parseRateDoc, type RateRecord } from '../domain/rate-record';
import { InternTable, stringTable } from './intern-table';

const EMPTY = -1;
const INT_ABSENT = -2147483648;
const NAME_IS_PREFIX = -1;
const NAME_IS_ID = -2;
const NAME_IS_GENERATED = -3;
const ROUTES_DEFAULT = -1;

/** The fields rates of one country or one carrier tend to share, stored once per distinct set. */
export interface Extras {
  isoCountryCode?: string;
  rateSuffix?: string;
  accountId?: string;
  rateVersion?: string;
  direction?: readonly string[];
  options?: readonly string[];
  callerIdNumbers?: readonly string[];
}

function extrasKey(x: Extras): string {
  return JSON.stringify([x.isoCountryCode, x.rateSuffix, x.accountId, x.rateVersion, x.direction, x.options, x.callerIdNumbers]);
}

function routeListKey(l: readonly string[]): string {
  return JSON.stringify(l);
}

/** The typed-array columns of a DeckIndex, by name, as a snapshot holds them. */
export interface DeckIndexColumns {
  slotKeys: Float64Array;
  slotHeads: Int32Array;
  ePrefix: Float64Array;
  eNext: Int32Array;
  eCost: Uint32Array;
  eSurcharge: Uint32Array;
  eInternal: Uint32Array;
  eIncrement: Int32Array;
  eMinimum: Int32Array;
  eNocharge: Int32Array;
  eWeight: Int32Array;
  eName: Int32Array;
  eDesc: Uint32Array;
  eRoutes: Int32Array;
  eExtras: Uint32Array;
}

/** Everything a DeckIndex holds, as plain data: what a snapshot file stores and restores. */
export interface DeckIndexState {
  ratedeckId: string;
  owner: string | undefined;
  /** The version the deck's `ratedeck_versions` pointer names (absent in files written before versions). */
  activeVersion?: number;
  counts: { slotsUsed: number; livePrefixes: number; maxPrefixLen: number; top: number; live: number };
  /** Entry columns are cut to `counts.top`; the slot columns are whole. */
  columns: DeckIndexColumns;
  free: number[];
  decimals: readonly (string | undefined)[];
  texts: readonly (string | undefined)[];
  routeLists: readonly (readonly string[] | undefined)[];
  extras: readonly (Extras | undefined)[];
  irregular: [string, number][];
}

function hashOf(v: number): number {
  const lo = v % 4294967296 | 0;
  const hi = (v / 4294967296) | 0;
  let h = Math.imul(lo ^ Math.imul(hi, 0x27d4eb2d), 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h;
}

function toInt32(n: number | undefined): number {
  if (n === undefined) return INT_ABSENT;
  return Math.max(-2147483647, Math.min(2147483647, n));
}

function fromInt32(n: number): number | undefined {
  return n === INT_ABSENT ? undefined : n;
}

/** `<iso>-<digits>[-<suffix>]` → the canonical prefix in it. */
function prefixOfId(id: string): string | undefined {
  const m = /^[^-]*-(\d+)(?:-|$)/.exec(id);
  return m ? canonicalPrefix(m[1]) : undefined;
}

function grow<T extends Float64Array | Int32Array | Uint32Array>(old: T, size: number, fill?: number): T {
  const next = new (old.constructor as new (n: number) => T)(size);
  next.set(old);
  if (fill !== undefined) next.fill(fill, old.length);
  return next;
}

const scratch = new Float64Array(MAX_PREFIX_DIGITS + 1);

export class DeckIndex {
  readonly ratedeckId: string;
  /** The reseller the deck belongs to (its `ratedeck_owner` doc); undefined for a system deck. */
  owner: string | undefined;
  /**
   * The version its `ratedeck_versions` pointer doc makes active (a version db `ratedeck/<id>/v/<n>`);
   * undefined when the deck rates from its own db. Set by the pointer's change, in one assignment.
   */
  activeVersion: number | undefined;
  /** The version this index holds when it is a version db's (`ratedeck/<id>/v/<n>`); undefined for a deck's own db. */
  version: number | undefined;

  // prefix hash
  private slotKeys: Float64Array;
  private slotHeads: Int32Array;
  private slotMask: number;
  private slotsUsed = 0;
  private livePrefixes = 0;
  private maxPrefixLen = 0;

  // entry columns
  private capacity: number;
  private top = 0;
  private live = 0;
  private readonly free: number[] = [];
  private ePrefix: Float64Array;
  private eNext: Int32Array;
  private eCost: Uint32Array;
  private eSurcharge: Uint32Array;
  private eInternal: Uint32Array;
  private eIncrement: Int32Array;
  private eMinimum: Int32Array;
  private eNocharge: Int32Array;
  private eWeight: Int32Array;
  private eName: Int32Array;
  private eDesc: Uint32Array;
  private eRoutes: Int32Array;
  private eExtras: Uint32Array;

  private decimals = stringTable();
  private texts = stringTable();
  private routeLists = new InternTable<readonly string[]>(routeListKey);
  private extras = new InternTable<Extras>(extrasKey);
  /** Entries whose id is not `<iso|XX>-<prefix>[-suffix]`, both ways. */
  private irregularById = new Map<string, number>();
  private irregularByEntry = new Map<number, string>();

  constructor(ratedeckId: string, expectedRates = 1024) {
    this.ratedeckId = ratedeckId;
    this.capacity = Math.max(16, expectedRates);
    const c = this.capacity;
    this.ePrefix = new Float64Array(c).fill(EMPTY);
    this.eNext = new Int32Array(c);
    this.eCost = new Uint32Array(c);
    this.eSurcharge = new Uint32Array(c);
    this.eInternal = new Uint32Array(c);
    this.eIncrement = new Int32Array(c);
    this.eMinimum = new Int32Array(c);
    this.eNocharge = new Int32Array(c);
    this.eWeight = new Int32Array(c);
    this.eName = new Int32Array(c);
    this.eDesc = new Uint32Array(c);
    this.eRoutes = new Int32Array(c);
    this.eExtras = new Uint32Array(c);
    let slots = 16;
    while (slots < c * 2) slots *= 2;
    this.slotKeys = new Float64Array(slots).fill(EMPTY);
    this.slotHeads = new Int32Array(slots).fill(EMPTY);
    this.slotMask = slots - 1;
  }

  /**
   * A copy of the index as plain data, taken at one instant (edits made afterwards are not in it),
   * so it can be written out while the index keeps changing.
   */
  exportState(): DeckIndexState {
    const top = this.top;
    return {
      ratedeckId: this.ratedeckId,
      owner: this.owner,
      activeVersion: this.activeVersion,
      counts: { slotsUsed: this.slotsUsed, livePrefixes: this.livePrefixes, maxPrefixLen: this.maxPrefixLen, top, live: this.live },
      columns: {
        slotKeys: this.slotKeys.slice(),
        slotHeads: this.slotHeads.slice(),
        ePrefix: this.ePrefix.slice(0, top),
        eNext: this.eNext.slice(0, top),
        eCost: this.eCost.slice(0, top),
        eSurcharge: this.eSurcharge.slice(0, top),
        eInternal: this.eInternal.slice(0, top),
        eIncrement: this.eIncrement.slice(0, top),
        eMinimum: this.eMinimum.slice(0, top),
        eNocharge: this.eNocharge.slice(0, top),
        eWeight: this.eWeight.slice(0, top),
        eName: this.eName.slice(0, top),
        eDesc: this.eDesc.slice(0, top),
        eRoutes: this.eRoutes.slice(0, top),
        eExtras: this.eExtras.slice(0, top),
      },
      free: [...this.free],
      decimals: [...this.decimals.entries()],
      texts: [...this.texts.entries()],
      routeLists: [...this.routeLists.entries()],
      extras: [...this.extras.entries()],
      irregular: [...this.irregularById],
    };
  }

  /** The index exportState() described, ready to serve and to take edits. */
  static fromState(state: DeckIndexState): DeckIndex {
    const { counts, columns: c } = state;
    const index = new DeckIndex(state.ratedeckId, Math.max(16, counts.top));
    const fill = <T extends Float64Array | Int32Array | Uint32Array>(target: T, source: T): T => {
      target.set(source);
      return target;
    };
    index.owner = state.owner;
    index.activeVersion = state.activeVersion;
    // Copies, so the index never holds on to the buffer a snapshot file was read into.
    index.slotKeys = new Float64Array(c.slotKeys);
    index.slotHeads = new Int32Array(c.slotHeads);
    index.slotMask = c.slotKeys.length - 1;
    index.slotsUsed = counts.slotsUsed;
    index.livePrefixes = counts.livePrefixes;
    index.maxPrefixLen = counts.maxPrefixLen;
    index.top = counts.top;
    index.live = counts.live;
    index.ePrefix = fill(index.ePrefix, c.ePrefix);
    index.eNext = fill(index.eNext, c.eNext);
    index.eCost = fill(index.eCost, c.eCost);
    index.eSurcharge = fill(index.eSurcharge, c.eSurcharge);
    index.eInternal = fill(index.eInternal, c.eInternal);
    index.eIncrement = fill(index.eIncrement, c.eIncrement);
    index.eMinimum = fill(index.eMinimum, c.eMinimum);
    index.eNocharge = fill(index.eNocharge, c.eNocharge);
    index.eWeight = fill(index.eWeight, c.eWeight);
    index.eName = fill(index.eName, c.eName);
    index.eDesc = fill(index.eDesc, c.eDesc);
    index.eRoutes = fill(index.eRoutes, c.eRoutes);
    index.eExtras = fill(index.eExtras, c.eExtras);
    for (const e of state.free) index.free.push(e);
    index.decimals = InternTable.restore((s: string) => s, state.decimals);
    index.texts = InternTable.restore((s: string) => s, state.texts);
    index.routeLists = InternTable.restore(routeListKey, state.routeLists);
    index.extras = InternTable.restore(extrasKey, state.extras);
    index.irregularById = new Map(state.irregular);
    index.irregularByEntry = new Map(state.irregular.map(([id, e]) => [e, id]));
    return index;
  }

  /** Rates held. */
  get size(): number {
    return this.live;
  }

  /** Distinct prefixes with at least one rate. */
  get prefixCount(): number {
    return this.livePrefixes;
  }

  /** Bytes held by the typed arrays (the interned values come on top). */
  get arrayBytes(): number {
    const perEntry = 8 + 4 * 12;
    return this.capacity * perEntry + this.slotKeys.length * 12;
  }

  // --- prefix hash -------------------------------------------------------------------------

  private findSlot(key: number): number {
    let i = hashOf(key) & this.slotMask;
    for (;;) {
      const k = this.slotKeys[i];
      if (k === key) return i;
      if (k === EMPTY) return -1 - i;
      i = (i + 1) & this.slotMask;
    }
  }

  private headOf(key: number): number {
    const slot = this.findSlot(key);
    return slot >= 0 ? this.slotHeads[slot] : EMPTY;
  }

  private rehash(size: number): void {
    const oldKeys = this.slotKeys;
    const oldHeads = this.slotHeads;
    this.slotKeys = new Float64Array(size).fill(EMPTY);
    this.slotHeads = new Int32Array(size).fill(EMPTY);
    this.slotMask = size - 1;
    this.slotsUsed = 0;
    for (let i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] === EMPTY || oldHeads[i] === EMPTY) continue; // prefixes left without rates go
      const slot = -1 - this.findSlot(oldKeys[i]);
      this.slotKeys[slot] = oldKeys[i];
      this.slotHeads[slot] = oldHeads[i];
      this.slotsUsed++;
    }
  }

  private slotFor(key: number): number {
    let slot = this.findSlot(key);
    if (slot >= 0) return slot;
    if ((this.slotsUsed + 1) * 2 > this.slotKeys.length) {
      this.rehash(this.livePrefixes * 4 > this.slotKeys.length ? this.slotKeys.length * 2 : this.slotKeys.length);
      slot = this.findSlot(key);
    }
    slot = -1 - slot;
    this.slotKeys[slot] = key;
    this.slotHeads[slot] = EMPTY;
    this.slotsUsed++;
    return slot;
  }

  // --- entries -----------------------------------------------------------------------------

  private growEntries(): void {
    const c = this.capacity * 2;
    this.ePrefix = grow(this.ePrefix, c, EMPTY);
    this.eNext = grow(this.eNext, c);
    this.eCost = grow(this.eCost, c);
    this.eSurcharge = grow(this.eSurcharge, c);
    this.eInternal = grow(this.eInternal, c);
    this.eIncrement = grow(this.eIncrement, c);
    this.eMinimum = grow(this.eMinimum, c);
    this.eNocharge = grow(this.eNocharge, c);
    this.eWeight = grow(this.eWeight, c);
    this.eName = grow(this.eName, c);
    this.eDesc = grow(this.eDesc, c);
    this.eRoutes = grow(this.eRoutes, c);
    this.eExtras = grow(this.eExtras, c);
    this.capacity = c;
  }

  private allocate(): number {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    if (this.top === this.capacity) this.growEntries();
    return this.top++;
  }

  private idOf(e: number, prefix: string): string {
    const irregular = this.irregularByEntry.get(e);
    if (irregular !== undefined) return irregular;
    const x = this.extras.get(this.eExtras[e]);
    return rateId(prefix, x?.isoCountryCode, x?.rateSuffix);
  }

  private findEntry(id: string): number {
    const irregular = this.irregularById.get(id);
    if (irregular !== undefined) return irregular;
    const prefix = prefixOfId(id);
    if (prefix === undefined) return EMPTY;
    for (let e = this.headOf(Number(prefix)); e !== EMPTY; e = this.eNext[e]) {
      if (!this.irregularByEntry.has(e) && this.idOf(e, prefix) === id) return e;
    }
    return EMPTY;
  }

  private insert(rate: RateRecord): void {
    const e = this.allocate();
    const key = Number(rate.prefix);
    const slot = this.slotFor(key);
    if (this.slotHeads[slot] === EMPTY) this.livePrefixes++;
    this.eNext[e] = this.slotHeads[slot];
    this.slotHeads[slot] = e;
    this.ePrefix[e] = key;
    this.eCost[e] = this.decimals.intern(rate.rateCost);
    this.eSurcharge[e] = this.decimals.intern(rate.rateSurcharge);
    this.eInternal[e] = this.decimals.intern(rate.internalCost);
    this.eIncrement[e] = toInt32(rate.rateIncrement);
    this.eMinimum[e] = toInt32(rate.rateMinimum);
    this.eNocharge[e] = toInt32(rate.rateNochargeTime);
    this.eWeight[e] = toInt32(rate.weight);
    this.eName[e] = this.nameCode(rate);
    this.eDesc[e] = this.texts.intern(rate.description);
    this.eRoutes[e] =
      rate.routes === undefined ? 0 : rate.routes.length === 1 && rate.routes[0] === defaultRoute(rate.prefix) ? ROUTES_DEFAULT : this.routeLists.intern(rate.routes);
    this.eExtras[e] = this.extras.intern({
      isoCountryCode: rate.isoCountryCode,
      rateSuffix: rate.rateSuffix,
      accountId: rate.accountId,
      rateVersion: rate.rateVersion,
      direction: rate.direction,
      options: rate.options,
      callerIdNumbers: rate.callerIdNumbers,
    });
    if (rateId(rate.prefix, rate.isoCountryCode, rate.rateSuffix) !== rate.id) {
      this.irregularById.set(rate.id, e);
      this.irregularByEntry.set(e, rate.id);
    }
    if (rate.prefix.length > this.maxPrefixLen) this.maxPrefixLen = rate.prefix.length;
    this.live++;
  }

  // Names an import generates (or that repeat the prefix or the id) are not stored.
  private nameCode(rate: RateRecord): number {
    const name = rate.rateName;
    if (name === undefined) return 0;
    if (name === rate.prefix) return NAME_IS_PREFIX;
    if (name === rate.id) return NAME_IS_ID;
    if (name === generateRateName(rate.prefix, rate.isoCountryCode, rate.direction)) return NAME_IS_GENERATED;
    return this.texts.intern(name);
  }

  private unlink(e: number): void {
    const slot = this.findSlot(this.ePrefix[e]);
    if (slot >= 0) {
      if (this.slotHeads[slot] === e) {
        this.slotHeads[slot] = this.eNext[e];
        if (this.slotHeads[slot] === EMPTY) this.livePrefixes--;
      } else {
        for (let p = this.slotHeads[slot]; p !== EMPTY; p = this.eNext[p]) {
          if (this.eNext[p] === e) {
            this.eNext[p] = this.eNext[e];
            break;
          }
        }
      }
    }
    const irregular = this.irregularByEntry.get(e);
    if (irregular !== undefined) {
      this.irregularByEntry.delete(e);
      this.irregularById.delete(irregular);
    }
    this.ePrefix[e] = EMPTY;
    this.free.push(e);
    this.live--;
  }

  /**
   * Applies a doc as it is now: a rate is added or replaces the one with its id; anything that is
   * not a rate (soft-deleted, wrong pvt_type, bad prefix) removes the one with its id.
   */
  upsert(doc: unknown): ParsedRate {
    const parsed = parseRateDoc(doc);
    const id = (doc as { _id?: unknown } | null)?._id;
    if (typeof id === 'string') this.remove(id);
    if (id === RATEDECK_OWNER_DOC_ID && this.ratedeckId !== DEFAULT_RATEDECK) this.owner = ratedeckOwnerOf(doc as Record<string, unknown>);
    if (id === RATEDECK_VERSIONS_DOC_ID) this.activeVersion = activeVersionOf(doc);
    if (parsed.ok) this.insert(parsed.rate);
    return parsed;
  }

  /** Removes the rate with this id; false when there was none. */
  remove(id: string): boolean {
    if (id === RATEDECK_OWNER_DOC_ID) this.owner = undefined;
    if (id === RATEDECK_VERSIONS_DOC_ID) this.activeVersion = undefined;
    const e = this.findEntry(id);
    if (e === EMPTY) return false;
    this.unlink(e);
    return true;
  }

  private decode(e: number, prefix: string): RateRecord {
    const rate: RateRecord = { id: this.idOf(e, prefix), prefix, ratedeckId: this.ratedeckId };
    const cost = this.decimals.get(this.eCost[e]);
    if (cost !== undefined) rate.rateCost = cost;
    const surcharge = this.decimals.get(this.eSurcharge[e]);
    if (surcharge !== undefined) rate.rateSurcharge = surcharge;
    const internal = this.decimals.get(this.eInternal[e]);
    if (internal !== undefined) rate.internalCost = internal;
    const increment = fromInt32(this.eIncrement[e]);
    if (increment !== undefined) rate.rateIncrement = increment;
    const minimum = fromInt32(this.eMinimum[e]);
    if (minimum !== undefined) rate.rateMinimum = minimum;
    const nocharge = fromInt32(this.eNocharge[e]);
    if (nocharge !== undefined) rate.rateNochargeTime = nocharge;
    const weight = fromInt32(this.eWeight[e]);
    if (weight !== undefined) rate.weight = weight;
    const name = this.eName[e];
    if (name === NAME_IS_PREFIX) rate.rateName = prefix;
    else if (name === NAME_IS_ID) rate.rateName = rate.id;
    else if (name > 0) rate.rateName = this.texts.get(name);
    const description = this.texts.get(this.eDesc[e]);
    if (description !== undefined) rate.description = description;
    const routes = this.eRoutes[e];
    if (routes === ROUTES_DEFAULT) rate.routes = [defaultRoute(prefix)];
    else if (routes > 0) rate.routes = this.routeLists.get(routes);
    const x = this.extras.get(this.eExtras[e]);
    if (x) {
      if (x.isoCountryCode !== undefined) rate.isoCountryCode = x.isoCountryCode;
      if (x.rateSuffix !== undefined) rate.rateSuffix = x.rateSuffix;
      if (x.accountId !== undefined) rate.accountId = x.accountId;
      if (x.rateVersion !== undefined) rate.rateVersion = x.rateVersion;
      if (x.direction !== undefined) rate.direction = x.direction;
      if (x.options !== undefined) rate.options = x.options;
      if (x.callerIdNumbers !== undefined) rate.callerIdNumbers = x.callerIdNumbers;
    }
    if (name === NAME_IS_GENERATED) rate.rateName = generateRateName(prefix, rate.isoCountryCode, rate.direction);
    return rate;
  }

  /**
   * Calls `visit` with the rates of each prefix that begins `digits`, longest prefix first, until
   * it returns something other than undefined, and returns that.
   */
  find<T>(digits: string, visit: (rates: RateRecord[]) => T | undefined): T | undefined {
    const n = Math.min(digits.length, this.maxPrefixLen);
    if (n === 0) return undefined;
    // A prefix never starts with 0 (they are integers), so a number that does can only match "0".
    const usable = digits.charCodeAt(0) === 48 ? 1 : n;
    let v = 0;
    for (let i = 0; i < usable; i++) {
      const d = digits.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return undefined;
      v = v * 10 + d;
      scratch[i + 1] = v;
    }
    const keys = scratch.slice(1, usable + 1); // visit may look up other numbers meanwhile
    for (let len = usable; len >= 1; len--) {
      const head = this.headOf(keys[len - 1]);
      if (head === EMPTY) continue;
      const prefix = digits.slice(0, len);
      const rates: RateRecord[] = [];
      for (let e = head; e !== EMPTY; e = this.eNext[e]) rates.push(this.decode(e, prefix));
      const found = visit(rates);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** Every rate whose prefix begins `digits`, longest prefix first (Kazoo's `rates/lookup` with all prefix keys). */
  candidates(digits: string): RateRecord[] {
    const out: RateRecord[] = [];
    this.find(digits, (rates) => {
      out.push(...rates);
      return undefined;
    });
    return out;
  }

  /** The rate with this id, if the deck holds it. */
  get(id: string): RateRecord | undefined {
    const e = this.findEntry(id);
    return e === EMPTY ? undefined : this.decode(e, String(this.ePrefix[e]));
  }
}
