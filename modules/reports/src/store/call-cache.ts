// The report cache of one MODB: its CDRs as ReportCalls in `_local` chunks of up to 5,000, so a
// report of a million calls reads two hundred docs instead of a million (the embedded server hands
// ~3,000 docs/s through a view, ~100,000 cached calls/s). The reports keep it themselves: a read
// streams the chunks, then what was recorded since (the db's `_changes` after the cache's seq),
// and saves that as new chunks. A change the cache cannot take in — a CDR edited or deleted —
// makes the read start over from the db. `_local` docs are neither replicated nor in `_changes`,
// so the cache never shows in Fauxton's doc list, in views or in doc events.
//
// Nothing here can make a report wrong or fail for want of the cache: its writes are best effort
// (a failed or contended write leaves it where it was), and the index names only chunks that were
// written before it. A chunk replaced (a merged tail, a start over) is deleted only after a grace
// period, so a report still reading an older index finds it.
import { randomBytes } from 'node:crypto';
import type { StoredCdr } from '@tollgate/calls';
import { type Change, type Couch, changesSince, deleteLocalDoc, getLocalDoc, isDbMissing, putLocalDoc, type Seq, seqNumber } from '@tollgate/kazoo-db';
import { createLogger } from '@tollgate/log';
import { decodeReportCall, encodeReportCall, type ReportCall, reportCallOf } from '../domain/call-row';

const log = createLogger('reports');
const INDEX = 'tollgate-report-calls';
const FORMAT = 1;
const CHUNK_CALLS = 5000;
const GRACE_MS = 60 * 60 * 1000;
/** Changes read per page when only checking whether the cache still holds (no docs). */
const CHECK_PAGE = 10_000;

export interface CallCacheOptions {
  /** Calls per chunk, and changes read per page. */
  chunkCalls?: number;
  /** How long a replaced chunk stays for reports still reading it, ms. */
  graceMs?: number;
  /** Chunks whose calls were all created outside this range (Gregorian seconds) are not read. */
  created?: { from: number; to: number };
  /** Bring the cache up to date only: no cached chunk is read but a short last one (to merge into). */
  refreshOnly?: boolean;
  now?: () => number;
}

interface ChunkRef {
  id: string;
  rev: string;
  calls: number;
  /** The lowest and highest `created` of its calls. */
  first: number;
  last: number;
}

interface Garbage {
  id: string;
  rev: string;
  /** When it was replaced (ms). */
  at: number;
}

interface CacheIndex {
  format: number;
  /** Every change up to here is in the chunks. */
  seq: Seq;
  chunks: ChunkRef[];
  garbage: Garbage[];
}

/** A seq's number for comparing positions; one that has none bounds nothing. */
function position(seq: Seq): number {
  const n = seqNumber(seq);
  return Number.isFinite(n) ? n : Number.POSITIVE_INFINITY;
}

function isIndex(v: unknown): v is CacheIndex {
  const i = v as Partial<CacheIndex> | undefined;
  return !!i && i.format === FORMAT && (typeof i.seq === 'number' || typeof i.seq === 'string') && Array.isArray(i.chunks) && Array.isArray(i.garbage);
}

async function readChunk(couch: Couch, db: string, ref: ChunkRef): Promise<ReportCall[]> {
  const doc = await getLocalDoc<{ calls?: unknown[] }>(couch, db, ref.id);
  if (!doc || !Array.isArray(doc.calls)) throw new Error(`report cache of ${db}: chunk ${ref.id} is missing`);
  const calls: ReportCall[] = [];
  for (const a of doc.calls) {
    const c = decodeReportCall(a);
    if (!c) throw new Error(`report cache of ${db}: chunk ${ref.id} holds no calls of format ${FORMAT}`);
    calls.push(c);
  }
  return calls;
}

/**
 * Does the cache still hold after the changes since `seq` (up to `upTo`)? Only new docs may have
 * come: a deleted doc, or an edited CDR, is one the chunks may hold as it was.
 */
async function stillHolds(couch: Couch, db: string, seq: Seq, upTo: number): Promise<boolean> {
  let since = seq;
  for (;;) {
    const page = await changesSince(couch, db, since, { limit: CHECK_PAGE });
    const edited: string[] = [];
    let end = page.results.length < CHECK_PAGE;
    for (const c of page.results) {
      if (position(c.seq) > upTo) {
        end = true;
        break;
      }
      if (c.id.startsWith('_design/')) continue;
      if (c.deleted) return false;
      if (!c.changes[0]?.rev.startsWith('1-')) edited.push(c.id);
    }
    // Other docs of the month (ledgers, allotments) may be edited; a CDR may not.
    const docs = await couch.getMany<StoredCdr>(db, edited);
    for (const d of docs.values()) if (d.pvt_type === 'cdr') return false;
    if (end) return true;
    since = page.lastSeq;
  }
}

/** Keeps the index and writes the chunks as a read goes; stops writing at the first conflict or error. */
class CacheWriter {
  private index: CacheIndex;
  private writable = true;
  private pending: ReportCall[] = [];
  /** The last chunk's calls when it is not full (a later write merges into it). */
  private tail: ReportCall[] | undefined;

  constructor(
    private readonly couch: Couch,
    private readonly db: string,
    stored: CacheIndex | undefined,
    private rev: string | undefined,
    private readonly size: number,
    private readonly graceMs: number,
    private readonly now: () => number,
  ) {
    this.index = stored ?? { format: FORMAT, seq: 0, chunks: [], garbage: [] };
  }

  /** The db is read again from its start: every chunk of the old cache becomes garbage. */
  startOver(): void {
    const at = this.now();
    this.index = { format: FORMAT, seq: 0, chunks: [], garbage: [...this.index.garbage, ...this.index.chunks.map((c) => ({ id: c.id, rev: c.rev, at }))] };
    this.tail = undefined;
  }

  /** The cached last chunk was read and is not full. */
  keepTail(calls: ReportCall[]): void {
    this.tail = calls;
  }

  /** Calls read from the db up to `seq`; written once a chunk's worth is in hand (or at `finish`). */
  async add(calls: ReportCall[], seq: Seq): Promise<void> {
    if (!this.writable) return;
    this.pending.push(...calls);
    if (this.pending.length >= this.size) await this.commit(seq);
  }

  async finish(seq: Seq): Promise<void> {
    if (this.writable && (this.pending.length > 0 || String(seq) !== String(this.index.seq))) await this.commit(seq);
  }

  private async commit(seq: Seq): Promise<void> {
    const calls = this.pending;
    this.pending = [];
    const chunks = [...this.index.chunks];
    const garbage = [...this.index.garbage];
    let written: ChunkRef | undefined;
    try {
      if (calls.length > 0) {
        const last = chunks[chunks.length - 1];
        const merge = this.tail !== undefined && last !== undefined && this.tail.length + calls.length <= this.size;
        const content = merge ? [...(this.tail as ReportCall[]), ...calls] : calls;
        written = await this.writeChunk(content);
        if (merge) {
          chunks.pop();
          garbage.push({ id: last.id, rev: last.rev, at: this.now() });
        }
        chunks.push(written);
        this.tail = content.length < this.size ? content : undefined;
      }
      const expired = garbage.filter((g) => this.now() - g.at >= this.graceMs);
      const next: CacheIndex = { format: FORMAT, seq, chunks, garbage: garbage.filter((g) => !expired.includes(g)) };
      const rev = await putLocalDoc(this.couch, this.db, INDEX, next as unknown as Record<string, unknown>, this.rev);
      if (rev === 'conflict') {
        // Another report keeps this cache now; leave it to that one.
        this.writable = false;
        if (written) await deleteLocalDoc(this.couch, this.db, written.id, written.rev).catch(() => undefined);
        return;
      }
      this.rev = rev;
      this.index = next;
      for (const g of expired) await deleteLocalDoc(this.couch, this.db, g.id, g.rev).catch(() => undefined);
    } catch (err) {
      this.writable = false;
      log.warn('report cache not saved', { db: this.db, error: (err as Error).message });
    }
  }

  private async writeChunk(calls: ReportCall[]): Promise<ChunkRef> {
    const id = `${INDEX}-${randomBytes(8).toString('hex')}`;
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    for (const c of calls) {
      first = Math.min(first, c.created);
      last = Math.max(last, c.created);
    }
    const rev = await putLocalDoc(this.couch, this.db, id, { format: FORMAT, calls: calls.map(encodeReportCall) });
    if (rev === 'conflict') throw new Error(`chunk ${id} exists`);
    return { id, rev, calls: calls.length, first, last };
  }
}

/**
 * Every call of one MODB (a CDR the listing shows), a chunk at a time, in the order they were
 * recorded: the cached chunks (those that may hold calls of `created`), then what was recorded
 * since the cache was saved, up to what the db held when the read began. A missing db has none.
 */
export async function* modbReportCalls(couch: Couch, db: string, opts: CallCacheOptions = {}): AsyncGenerator<ReportCall[]> {
  const size = opts.chunkCalls ?? CHUNK_CALLS;
  let upTo: number;
  try {
    upTo = position((await couch.info(db)).update_seq as Seq);
  } catch (err) {
    if (isDbMissing(err)) return;
    throw err;
  }
  const stored = await getLocalDoc(couch, db, INDEX);
  const index = isIndex(stored) ? stored : undefined;
  const cache = new CacheWriter(couch, db, index, stored?._rev, size, opts.graceMs ?? GRACE_MS, opts.now ?? Date.now);
  let since: Seq = 0;
  if (index && (await stillHolds(couch, db, index.seq, upTo))) {
    const last = index.chunks[index.chunks.length - 1];
    const tail = last && last.calls < size ? last : undefined;
    const inPeriod = (ref: ChunkRef) => !opts.created || (ref.last >= opts.created.from && ref.first <= opts.created.to);
    const wanted = index.chunks.filter((ref) => ref === tail || (!opts.refreshOnly && inPeriod(ref)));
    // The next chunk is fetched while the caller works through this one.
    let next = wanted.length > 0 ? readChunk(couch, db, wanted[0]) : undefined;
    for (const [i, ref] of wanted.entries()) {
      const calls = await (next as Promise<ReportCall[]>);
      next = i + 1 < wanted.length ? readChunk(couch, db, wanted[i + 1]) : undefined;
      // A rejected prefetch is thrown where it is awaited, not as an unhandled rejection meanwhile.
      next?.catch(() => undefined);
      if (ref === tail) cache.keepTail(calls);
      if (!opts.refreshOnly) yield calls;
    }
    since = index.seq;
  } else {
    if (index) log.info('report cache starts over: a CDR was edited or deleted', { db });
    cache.startOver();
  }
  for (;;) {
    const page = await changesSince(couch, db, since, { includeDocs: true, limit: size });
    const fresh: ReportCall[] = [];
    let read: Seq = since;
    let end = page.results.length < size;
    for (const c of page.results as Change[]) {
      // Written after the read began: the next read takes it.
      if (position(c.seq) > upTo) {
        end = true;
        break;
      }
      read = c.seq;
      if (c.deleted || !c.doc || c.id.startsWith('_design/')) continue;
      const call = reportCallOf(c.doc as unknown as StoredCdr);
      if (call) fresh.push(call);
    }
    if (!end) read = page.lastSeq;
    if (fresh.length > 0 && !opts.refreshOnly) yield fresh;
    await cache.add(fresh, read);
    since = read;
    if (end) break;
  }
  await cache.finish(since);
}

/**
 * Brings one month's cache up to date with what was recorded since it was saved, without reading
 * what it holds (a short last chunk excepted): the charging service calls it after writing CDRs,
 * so that even the first report of a month reads a cache.
 */
export async function refreshCallCache(couch: Couch, db: string, opts: Omit<CallCacheOptions, 'refreshOnly' | 'created'> = {}): Promise<void> {
  for await (const _ of modbReportCalls(couch, db, { ...opts, refreshOnly: true })) {
    // Nothing is handed over in refresh mode.
  }
}
