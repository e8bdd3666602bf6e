// What a ratedeck version would change against another (a dry run before activating it): rates
// added, removed and changed, with exact counts, a sample of each, and the price moves beyond a
// factor flagged. A rate is identified by its id (`<ISO|XX>-<prefix>[-<rate_suffix>]`, Kazoo's
// identity of a rate: a prefix may hold several rates, by country or suffix). Pure: the two decks
// are fed in id order (both read through `_all_docs`) and compared in one pass, so a deck of a
// million rates is compared with one page of each side in memory.
import type { RateDoc } from './rate-doc';

/** The fields compared: what rating answers with or selects by. Bookkeeping (`pvt_modified`, `pvt_task_id`, ...) is not. */
export const DIFF_FIELDS = [
  'prefix',
  'rate_cost',
  'rate_surcharge',
  'rate_increment',
  'rate_minimum',
  'rate_nocharge_time',
  'pvt_internal_rate_cost',
  'pvt_rate_cost',
  'pvt_rate_surcharge',
  'direction',
  'routes',
  'options',
  'caller_id_numbers',
  'weight',
  'rate_name',
  'description',
  'rate_version',
  'iso_country_code',
  'account_id',
  'carrier',
] as const;

export interface RateDiffOptions {
  /** How many rates of each kind are shown. */
  sampleSize: number;
  /** A cost that rises to >= factor × or falls to <= 1/factor × the old one is flagged (and any move from 0). */
  priceMoveFactor: number;
}

export interface RateSample {
  id: string;
  prefix: number;
  rate_cost: number;
}

export interface ChangedSample {
  id: string;
  prefix: number;
  changes: Record<string, { from: unknown; to: unknown }>;
}

export interface PriceMove {
  id: string;
  prefix: number;
  from: number;
  to: number;
  /** to / from; null for a move from 0. */
  ratio: number | null;
}

export interface RateDiff {
  /** Rates compared, by side. */
  from_rates: number;
  to_rates: number;
  added: { count: number; sample: RateSample[] };
  removed: { count: number; sample: RateSample[] };
  changed: { count: number; sample: ChangedSample[] };
  unchanged: number;
  price_moves: { factor: number; count: number; rises: number; falls: number; sample: PriceMove[] };
}

function sampleOf(r: RateDoc): RateSample {
  return { id: r._id, prefix: r.prefix, rate_cost: r.rate_cost };
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Adds up a diff; `add`, `remove` and `compare` are called once per rate id. */
export class RateDiffAccumulator {
  private readonly diff: RateDiff;

  constructor(private readonly opts: RateDiffOptions) {
    this.diff = {
      from_rates: 0,
      to_rates: 0,
      added: { count: 0, sample: [] },
      removed: { count: 0, sample: [] },
      changed: { count: 0, sample: [] },
      unchanged: 0,
      price_moves: { factor: opts.priceMoveFactor, count: 0, rises: 0, falls: 0, sample: [] },
    };
  }

  /** A rate only the new side has. */
  add(rate: RateDoc): void {
    this.diff.to_rates++;
    this.diff.added.count++;
    if (this.diff.added.sample.length < this.opts.sampleSize) this.diff.added.sample.push(sampleOf(rate));
  }

  /** A rate only the old side has. */
  remove(rate: RateDoc): void {
    this.diff.from_rates++;
    this.diff.removed.count++;
    if (this.diff.removed.sample.length < this.opts.sampleSize) this.diff.removed.sample.push(sampleOf(rate));
  }

  /** The same rate id on both sides. */
  compare(from: RateDoc, to: RateDoc): void {
    this.diff.from_rates++;
    this.diff.to_rates++;
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const f of DIFF_FIELDS) if (!same(from[f], to[f])) changes[f] = { from: from[f] ?? null, to: to[f] ?? null };
    if (Object.keys(changes).length === 0) {
      this.diff.unchanged++;
      return;
    }
    this.diff.changed.count++;
    if (this.diff.changed.sample.length < this.opts.sampleSize) this.diff.changed.sample.push({ id: to._id, prefix: to.prefix, changes });
    if (changes.rate_cost) this.priceMove(from, to);
  }

  private priceMove(from: RateDoc, to: RateDoc): void {
    const a = Number(from.rate_cost);
    const b = Number(to.rate_cost);
    if (!Number.isFinite(a) || !Number.isFinite(b)) return;
    const f = this.opts.priceMoveFactor;
    const ratio = a === 0 ? null : b / a;
    const rise = a === 0 ? b > 0 : ratio !== null && ratio >= f;
    const fall = ratio !== null && ratio <= 1 / f;
    if (!rise && !fall) return;
    const moves = this.diff.price_moves;
    moves.count++;
    if (rise) moves.rises++;
    else moves.falls++;
    if (moves.sample.length < this.opts.sampleSize) moves.sample.push({ id: to._id, prefix: to.prefix, from: a, to: b, ratio });
  }

  result(): RateDiff {
    return this.diff;
  }
}

/** Compares two lists of live rates (any order). */
export function diffRates(from: readonly RateDoc[], to: readonly RateDoc[], opts: RateDiffOptions): RateDiff {
  const acc = new RateDiffAccumulator(opts);
  const older = new Map(from.map((r) => [r._id, r]));
  for (const r of [...to].sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0))) {
    const old = older.get(r._id);
    if (old) {
      acc.compare(old, r);
      older.delete(r._id);
    } else acc.add(r);
  }
  for (const r of [...older.values()].sort((a, b) => (a._id < b._id ? -1 : 1))) acc.remove(r);
  return acc.result();
}

/** Compares two decks read in id order (`_all_docs` order), a page at a time; RateOrderError when a side is not in that order. */
export async function diffRateStreams(from: AsyncIterable<RateDoc[]>, to: AsyncIterable<RateDoc[]>, opts: RateDiffOptions): Promise<RateDiff> {
  const acc = new RateDiffAccumulator(opts);
  const a = flatten(from);
  const b = flatten(to);
  let x = await a.next();
  let y = await b.next();
  while (!x.done || !y.done) {
    if (y.done || (!x.done && x.value._id < y.value._id)) {
      acc.remove(x.value as RateDoc);
      x = await a.next();
    } else if (x.done || y.value._id < x.value._id) {
      acc.add(y.value);
      y = await b.next();
    } else {
      acc.compare(x.value, y.value);
      x = await a.next();
      y = await b.next();
    }
  }
  return acc.result();
}

/** Thrown when a stream is not in ascending id order as JavaScript compares strings (a server collating ids otherwise): compare in memory instead. */
export class RateOrderError extends Error {}

async function* flatten(pages: AsyncIterable<RateDoc[]>): AsyncGenerator<RateDoc> {
  let last: string | undefined;
  for await (const page of pages) {
    for (const doc of page) {
      if (last !== undefined && !(last < doc._id)) throw new RateOrderError(`rate ids out of order: ${JSON.stringify(last)} before ${JSON.stringify(doc._id)}`);
      last = doc._id;
      yield doc;
    }
  }
}
