// The report cache against a real CouchDB: a month's calls read once from the db and then from the
// cache, with what was recorded since added exactly once; an edited or deleted CDR makes it start
// over; a read given up half way, or two reads at once, leave it whole; replaced chunks outlive
// the reports that may still read them.
import { deleteLocalDoc, getLocalDoc, modbName, toGregorian } from '@tollgate/kazoo-db';
import { randomHex, TestCouch } from '@tollgate/testing';
import type { ReportCall } from '../domain/call-row';
import { type CallCacheOptions, modbReportCalls, refreshCallCache } from './call-cache';

const couch = new TestCouch();
afterAll(async () => couch.cleanup());

const AT = toGregorian(new Date(Date.UTC(2024, 4, 1)));
const CHUNK = 10;

async function month(): Promise<string> {
  const db = modbName(randomHex(16), { year: 2024, month: 5 });
  couch.track(db);
  await couch.ensureDb(db);
  return db;
}

function cdr(n: number, extra: Record<string, unknown> = {}) {
  return {
    _id: `202405-call-${String(n).padStart(5, '0')}`,
    pvt_type: 'cdr',
    pvt_created: AT + n,
    call_id: `call-${n}`,
    call_direction: 'outbound',
    to: '+15035551234@example.com',
    from_uri: '+14155550000@example.com',
    timestamp: AT + n,
    duration_seconds: 60,
    billing_seconds: 60,
    custom_channel_vars: { owner_id: n % 2 === 0 ? 'even-user' : 'odd-user' },
    pvt_tollgate_billing: { sell: 100 + n, cost: 50, reseller_id: 'r'.repeat(32) },
    ...extra,
  };
}

async function record(db: string, from: number, to: number): Promise<void> {
  await couch.bulk(
    db,
    Array.from({ length: to - from }, (_, i) => cdr(from + i)),
  );
}

async function readAll(db: string, opts: CallCacheOptions = {}): Promise<ReportCall[]> {
  const out: ReportCall[] = [];
  for await (const calls of modbReportCalls(couch, db, { chunkCalls: CHUNK, ...opts })) out.push(...calls);
  return out;
}

const ids = (calls: ReportCall[]) => calls.map((c) => c.id).sort();
const expectedIds = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => cdr(from + i)._id);

interface Index {
  seq: unknown;
  chunks: { id: string; calls: number }[];
  garbage: { id: string }[];
}
const indexOf = (db: string) => getLocalDoc<Index & Record<string, unknown>>(couch, db, 'tollgate-report-calls');

test('the first read takes every CDR from the db and saves them; the next reads them from the cache', async () => {
  const db = await month();
  await record(db, 0, 25);
  await couch.bulk(db, [
    { _id: 'ledger-1', pvt_type: 'ledger', amount: 5 },
    cdr(900, { pvt_deleted: true }),
  ]);
  const first = await readAll(db);
  expect(ids(first)).toEqual(expectedIds(0, 25));
  const index = await indexOf(db);
  expect(index?.chunks.map((c) => c.calls).reduce((a, b) => a + b, 0)).toBe(25);
  expect(index?.chunks.length).toBeLessThanOrEqual(3);

  // The calls the cache gives back are the ones the db gave.
  const again = await readAll(db);
  expect(again).toEqual(first);
  // Nothing was written the second time: the cache was already current.
  expect((await indexOf(db))?._rev).toBe(index?._rev);
  expect(again.find((c) => c.id === cdr(3)._id)).toMatchObject({ callId: 'call-3', owner: 'odd-user', sell: 103, cost: 50, from: '+14155550000', to: '+15035551234' });
});

test('calls recorded since the cache was saved are read once and added to it; a short tail is merged', async () => {
  const db = await month();
  await record(db, 0, 13);
  await readAll(db);
  const before = await indexOf(db);
  await record(db, 13, 16);
  expect(ids(await readAll(db))).toEqual(expectedIds(0, 16));
  const after = await indexOf(db);
  // 10 + 3 before; the 3 more merge into the tail of 3 (a new chunk of 6 replaces it, kept as garbage for a while).
  expect(after?.chunks.map((c) => c.calls)).toEqual([10, 6]);
  expect(after?.garbage.map((g) => g.id)).toEqual([before?.chunks[1].id]);
  expect(ids(await readAll(db))).toEqual(expectedIds(0, 16));
});

test('an edited or a deleted CDR makes the cache start over, so the report shows the db as it is', async () => {
  const db = await month();
  await record(db, 0, 12);
  await readAll(db);
  const edited = await couch.get(db, cdr(4)._id);
  await couch.put(db, { ...edited, pvt_tollgate_billing: { sell: 999, cost: 50, reseller_id: 'r'.repeat(32) } });
  const afterEdit = await readAll(db);
  expect(afterEdit.filter((c) => c.id === cdr(4)._id).map((c) => c.sell)).toEqual([999]);
  expect(afterEdit).toHaveLength(12);

  const gone = await couch.get(db, cdr(7)._id);
  await couch.remove(db, gone?._id as string, gone?._rev as string);
  expect(ids(await readAll(db))).toEqual(expectedIds(0, 12).filter((id) => id !== cdr(7)._id));
});

test('other docs of the month edited (a ledger) leave the cache as it is', async () => {
  const db = await month();
  await record(db, 0, 12);
  const [ledger] = await couch.bulk(db, [{ _id: 'ledger-1', pvt_type: 'ledger', amount: 5 }]);
  await readAll(db);
  const chunks = (await indexOf(db))?.chunks.map((c) => c.id);
  await couch.put(db, { _id: 'ledger-1', _rev: ledger.rev, pvt_type: 'ledger', amount: 6 });
  expect(ids(await readAll(db))).toEqual(expectedIds(0, 12));
  expect((await indexOf(db))?.chunks.map((c) => c.id)).toEqual(chunks);
});

test('a read given up half way leaves a cache the next read completes, without a call twice', async () => {
  const db = await month();
  await record(db, 0, 35);
  let chunks = 0;
  for await (const _calls of modbReportCalls(couch, db, { chunkCalls: CHUNK })) if (++chunks === 2) break;
  // The first page was saved before the second was handed over; the rest never was.
  expect((await indexOf(db))?.chunks.map((c) => c.calls)).toEqual([10]);
  const calls = await readAll(db);
  expect(calls.map((c) => c.id)).toHaveLength(35);
  expect(ids(calls)).toEqual(expectedIds(0, 35));
});

test('two reads at once both see every call once, and the cache they leave is whole', async () => {
  const db = await month();
  await record(db, 0, 42);
  const [a, b] = await Promise.all([readAll(db), readAll(db)]);
  expect(ids(a)).toEqual(expectedIds(0, 42));
  expect(ids(b)).toEqual(expectedIds(0, 42));
  await record(db, 42, 45);
  expect(ids(await readAll(db))).toEqual(expectedIds(0, 45));
});

test('chunks wholly outside the period asked for are not read', async () => {
  const db = await month();
  await record(db, 0, 30);
  await readAll(db);
  // Calls 10..19 are the second chunk: a period inside it reads that chunk alone.
  const within = await readAll(db, { created: { from: AT + 12, to: AT + 15 } });
  expect(ids(within)).toEqual(expectedIds(10, 20));
});

test('a replaced chunk is deleted only once its grace has passed', async () => {
  const db = await month();
  let now = 1_000_000;
  const opts = { graceMs: 60_000, now: () => now };
  await record(db, 0, 3);
  await readAll(db, opts);
  const firstTail = (await indexOf(db))?.chunks[0].id as string;
  await record(db, 3, 5);
  await readAll(db, opts);
  // Replaced, still there for a report that read the older index.
  expect(await getLocalDoc(couch, db, firstTail)).toBeDefined();
  now += 61_000;
  await record(db, 5, 6);
  await readAll(db, opts);
  expect(await getLocalDoc(couch, db, firstTail)).toBeUndefined();
  expect((await indexOf(db))?.garbage.map((g) => g.id)).not.toContain(firstTail);
  expect(ids(await readAll(db, opts))).toEqual(expectedIds(0, 6));
});

test('a month with no db has no calls', async () => {
  expect(await readAll(modbName(randomHex(16), { year: 2024, month: 5 }))).toEqual([]);
});

test('a refresh brings the cache up to date without reading the chunks it has (a short last one excepted)', async () => {
  const db = await month();
  await record(db, 0, 23);
  await refreshCallCache(couch, db, { chunkCalls: CHUNK });
  const built = await indexOf(db);
  expect(built?.chunks.map((c) => c.calls)).toEqual([10, 10, 3]);
  // A full chunk gone (as if unreadable) does not stop a refresh: it never reads it.
  const full = built?.chunks[0] as { id: string };
  const fullDoc = await getLocalDoc(couch, db, full.id);
  await deleteLocalDoc(couch, db, full.id, fullDoc?._rev as string);
  await record(db, 23, 25);
  await refreshCallCache(couch, db, { chunkCalls: CHUNK });
  expect((await indexOf(db))?.chunks.map((c) => c.calls)).toEqual([10, 10, 5]);
});
