import { Readable } from 'node:stream';
import { Couch, type Doc, GREGORIAN_OFFSET } from '@tollgate/kazoo-db';
import { createTask, publicTaskFields, requestStart, requestStop, type TaskDoc, TaskStore } from '@tollgate/tasks';
import { startLaggingProxy, waitFor } from '@tollgate/testing';
import { start } from './index';
import { type Harness, startHarness } from './testing';

let h: Harness;
const master = 'a'.repeat(32);
const reseller = 'b'.repeat(32);

beforeAll(async () => {
  h = await startHarness({ lease_ttl_ms: 2000, lease_renew_ms: 300, takeover_scan_ms: 300, bulk_batch_size: 3 });
});
afterAll(async () => {
  await h.close();
});

async function text(stream: NodeJS.ReadableStream | undefined): Promise<string> {
  let s = '';
  for await (const c of stream ?? []) s += c.toString();
  return s;
}

/** Waits for the doc to get there; the deadline only ends a run that hangs (a loaded 2-core machine needs minutes). */
async function until(store: TaskStore, id: string, done: (d: TaskDoc) => boolean, ms = 90_000): Promise<TaskDoc> {
  const end = Date.now() + ms;
  for (;;) {
    const doc = await store.get(id);
    if (doc && done(doc)) return doc;
    if (Date.now() > end) throw new Error(`task ${id} never got there: ${JSON.stringify(doc && publicTaskFields(doc))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const superduper = { authAccountId: master, isSuperduperAdmin: true, accountIsReseller: true };

test('an import runs on one of two instances; rows that fail are in out.csv with their reason', async () => {
  const a = await start(await h.deps('one@test'));
  const b = await start(await h.deps('two@test'));
  const deps = await h.deps();
  const store = new TaskStore({ couch: h.couch });
  try {
    const csv = ['prefix,rate_cost,description,ratedeck_id', '1503,0.1,BRONZE,runner', '150,abc,SILVER,runner', '15,0.00125,GOLD,runner', '1,0.4,PLAT,runner', '1,0.5,PLAT2,runner', '44,-1,UK,runner', ''].join('\n');
    const task = await createTask({ couch: h.couch, bus: deps.bus }, { accountId: master, category: 'rates', action: 'import', csv: Readable.from([csv]), caller: superduper });
    expect(task.pvt_total_rows).toBe(6);
    const reply = (await requestStart(deps.bus, task._id)) as { _read_only: { status: string; node: string } };
    expect(reply._read_only.status).toBe('executing');
    expect(await requestStart(deps.bus, task._id)).toBe('already_started');
    const done = await until(store, task._id, (d) => d.pvt_status !== 'executing');
    expect(publicTaskFields(done, true)).toMatchObject({ status: 'partial', total_count: 6, success_count: 4, failure_count: 2, csvs: ['out.csv', 'in.csv'] });
    expect(['one@test', 'two@test']).toContain(done.pvt_worker_node);
    const out = await text(await store.readAttachment(task._id, 'out.csv'));
    expect(out).toBe(['prefix,rate_cost,description,ratedeck_id,error', '150,abc,SILVER,runner,"rate_cost must be a number >= 0, got ""abc"""', '44,-1,UK,runner,"rate_cost must be a number >= 0, got ""-1"""', ''].join('\n'));
    const rate = await h.couch.get('ratedeck/runner', 'XX-15');
    expect(rate).toMatchObject({ rate_cost: 0.00125, routes: ['^\\+15(\\d*)$'], pvt_type: 'rate' });
    // Two rows with one id: the later wins, both count as processed.
    expect(await h.couch.get('ratedeck/runner', 'XX-1')).toMatchObject({ rate_cost: 0.5, description: 'PLAT2' });
    expect(await h.couch.get('ratedeck/runner', 'XX-150')).toBeUndefined();
  } finally {
    await a.stop();
    await b.stop();
  }
});

test('a worker that dies mid-task is taken over after its lease runs out, from the last committed batch', async () => {
  const deps = await h.deps();
  const store = new TaskStore({ couch: h.couch });
  const b = await start(await h.deps('survivor@host'));
  const rows = Array.from({ length: 30 }, (_, i) => `${2000 + i},0.0${i % 10}`);
  const task = await createTask(
    { couch: h.couch, bus: deps.bus },
    { accountId: master, category: 'rates', action: 'import', csv: Readable.from([['prefix,rate_cost', ...rows].join('\n')]), options: { ratedeck_id: 'takeover' }, caller: superduper },
  );
  // A dead worker: it claimed the task, committed 2 batches (6 rows) and vanished.
  await store.update(task._id, (d) => ({
    ...d,
    pvt_status: 'executing',
    pvt_started_at: d.pvt_created,
    pvt_worker_node: 'dead@host',
    pvt_lease_holder: 'dead@host/1/x',
    pvt_lease_expires: Date.now() + 3000,
    pvt_committed_rows: 6,
    pvt_batch_size: 3,
    pvt_total_rows_succeeded: 6,
    pvt_total_rows_failed: 0,
  }));
  try {
    // A takeover scan had its chance while the lease still ran: the task stays with its holder.
    await b.service.nextScan();
    expect((await store.get(task._id))?.pvt_lease_holder).toBe('dead@host/1/x');
    const done = await until(store, task._id, (d) => d.pvt_status !== 'executing');
    expect(publicTaskFields(done)).toMatchObject({ status: 'success', success_count: 30, failure_count: 0, node: 'survivor@host' });
    // The rows the dead worker had committed were not redone by the survivor (they are not in the deck).
    const rows = await h.couch.allDocs('ratedeck/takeover');
    expect(rows.map((r) => r.id).filter((id) => id.startsWith('XX-'))).toHaveLength(24);
  } finally {
    await b.stop();
  }
});

test('stop ends a running task as stopped; a reseller cannot overwrite system rates', async () => {
  const a = await start(await h.deps());
  const deps = await h.deps();
  const store = new TaskStore({ couch: h.couch });
  try {
    // The reseller's deck (its first import claimed it), into which a superduper admin put a rate of its own.
    const caller = { authAccountId: reseller, isSuperduperAdmin: false, accountIsReseller: true };
    const claim = await createTask({ couch: h.couch, bus: deps.bus }, { accountId: reseller, category: 'rates', action: 'import', csv: Readable.from(['prefix,rate_cost,ratedeck_id\n35,0.01,resold\n']), caller });
    await requestStart(deps.bus, claim._id);
    expect(publicTaskFields(await until(store, claim._id, (d) => d.pvt_status !== 'executing'))).toMatchObject({ status: 'success' });
    await h.couch.put('ratedeck/resold', { _id: 'XX-33', pvt_type: 'rate', prefix: 33, rate_cost: 0.2, routes: [] });
    const csv = 'prefix,rate_cost,ratedeck_id\n33,0.01,resold\n34,0.01,resold\n';
    const bad = createTask({ couch: h.couch, bus: deps.bus }, { accountId: reseller, category: 'rates', action: 'import', csv: Readable.from([`prefix,rate_cost,account_id\n1,1,${master}\n`]), caller });
    await expect(bad).rejects.toMatchObject({ code: 400, data: { account_id_mismatch: [`1,1,${master}`] } });
    const task = await createTask({ couch: h.couch, bus: deps.bus }, { accountId: reseller, category: 'rates', action: 'import', csv: Readable.from([csv]), caller });
    await requestStart(deps.bus, task._id);
    const done = await until(store, task._id, (d) => d.pvt_status !== 'executing');
    expect(publicTaskFields(done)).toMatchObject({ status: 'partial', success_count: 1, failure_count: 1 });
    expect(await h.couch.get('ratedeck/resold', 'XX-33')).toMatchObject({ rate_cost: 0.2 });
    expect(await h.couch.get('ratedeck/resold', 'XX-34')).toMatchObject({ account_id: reseller });
    expect(await requestStop(deps.bus, task._id)).toBe('not_running');

    const many = Array.from({ length: 3000 }, (_, i) => `${30000 + i},0.1`).join('\n');
    const long = await createTask({ couch: h.couch, bus: deps.bus }, { accountId: master, category: 'rates', action: 'import', csv: Readable.from([`prefix,rate_cost\n${many}\n`]), caller: superduper });
    await requestStart(deps.bus, long._id);
    const stopped = (await requestStop(deps.bus, long._id)) as { _read_only: { status: string; success_count?: number } };
    expect(stopped._read_only.status).toBe('stopped');
    const final = await store.get(long._id);
    expect((final?.pvt_total_rows_succeeded ?? 0) < 3000).toBe(true);
  } finally {
    await a.stop();
  }
});

test('mode=replace retires the rates of a deck that the new file no longer has, and counts them', async () => {
  const a = await start(await h.deps('replace@test'));
  const deps = await h.deps();
  const store = new TaskStore({ couch: h.couch });
  const importDeck = async (rows: string[], mode?: string) => {
    const task = await createTask(
      { couch: h.couch, bus: deps.bus },
      { accountId: master, category: 'rates', action: 'import', csv: Readable.from([['prefix,rate_cost', ...rows, ''].join('\n')]), options: { ratedeck_id: 'carrier', ...(mode ? { mode } : {}) }, caller: superduper },
    );
    await requestStart(deps.bus, task._id);
    return until(store, task._id, (d) => d.pvt_status !== 'executing');
  };
  try {
    await importDeck(['1503,0.1', '1504,0.2', '1505,0.3', '1506,0.4']);
    const merged = await importDeck(['1503,0.11']);
    expect(publicTaskFields(merged)).toMatchObject({ status: 'success' });
    expect((await h.couch.get('ratedeck/carrier', 'XX-1506'))?.pvt_deleted).toBeUndefined();

    const replaced = await importDeck(['1503,0.12', '1504,0.22'], 'replace');
    expect(publicTaskFields(replaced)).toMatchObject({ status: 'success', success_count: 2, retired_count: 2, mode: 'replace' });
    expect(await h.couch.get('ratedeck/carrier', 'XX-1503')).toMatchObject({ rate_cost: 0.12 });
    expect((await h.couch.get('ratedeck/carrier', 'XX-1504'))?.pvt_deleted).toBeUndefined();
    for (const gone of ['XX-1505', 'XX-1506']) expect(await h.couch.get('ratedeck/carrier', gone)).toMatchObject({ pvt_deleted: true });
  } finally {
    await a.stop();
  }
});

test('a row with an oversized field is refused with its reason and never stored; the other rows go on', async () => {
  const a = await start(await h.deps('sizes@test'));
  const deps = await h.deps();
  const store = new TaskStore({ couch: h.couch });
  try {
    const huge = 'x'.repeat(8 * 1024 * 1024);
    const csv = `prefix,rate_cost,description,ratedeck_id\n1415,0.01,fine,sizes\n1416,0.01,${huge},sizes\n`;
    const task = await createTask({ couch: h.couch, bus: deps.bus }, { accountId: master, category: 'rates', action: 'import', csv: Readable.from([csv]), caller: superduper });
    await requestStart(deps.bus, task._id);
    const done = await until(store, task._id, (d) => d.pvt_status !== 'executing', 240_000);
    expect(publicTaskFields(done)).toMatchObject({ status: 'partial', success_count: 1, failure_count: 1 });
    const out = await text(await store.readAttachment(task._id, 'out.csv'));
    expect(out.endsWith(`,sizes,"description must be at most 500 characters, got ${huge.length}"\n`)).toBe(true);
    expect(await h.couch.get('ratedeck/sizes', 'XX-1415')).toMatchObject({ description: 'fine' });
    expect(await h.couch.get('ratedeck/sizes', 'XX-1416')).toBeUndefined();
  } finally {
    await a.stop();
  }
}, 300_000);

test("a plain user of the superduper_admin account is no ratedeck admin: no import into the default deck, no delete of the system's rates", async () => {
  const a = await start(await h.deps('plain@test'));
  const deps = await h.deps();
  const store = new TaskStore({ couch: h.couch });
  const plain = { ...superduper, privLevel: 'user' as const };
  try {
    await h.couch.ensureDb('ratedeck');
    await h.couch.put('ratedeck', { _id: 'XX-4477', pvt_type: 'rate', prefix: 4477, rate_cost: 0.2, routes: [] });
    const refused = createTask({ couch: h.couch, bus: deps.bus }, { accountId: master, category: 'rates', action: 'import', csv: Readable.from(['prefix,rate_cost\n4477,9\n']), caller: plain });
    await expect(refused).rejects.toMatchObject({ code: 403, data: { cause: 'ratedeck', message: expect.stringContaining('system ratedeck') } });

    const del = await createTask({ couch: h.couch, bus: deps.bus }, { accountId: master, category: 'rates', action: 'delete', csv: Readable.from(['prefix\n4477\n']), caller: plain });
    expect(del.pvt_auth_priv_level).toBe('user');
    await requestStart(deps.bus, del._id);
    expect(publicTaskFields(await until(store, del._id, (d) => d.pvt_status !== 'executing'))).toMatchObject({ status: 'failure', failure_count: 1 });
    expect((await h.couch.get('ratedeck', 'XX-4477'))?.pvt_deleted).toBeUndefined();

    // The same as an admin: both allowed.
    const admin = await createTask({ couch: h.couch, bus: deps.bus }, { accountId: master, category: 'rates', action: 'import', csv: Readable.from(['prefix,rate_cost\n4478,0.3\n']), caller: { ...superduper, privLevel: 'admin' } });
    await requestStart(deps.bus, admin._id);
    expect(publicTaskFields(await until(store, admin._id, (d) => d.pvt_status !== 'executing'))).toMatchObject({ status: 'success' });
    expect(await h.couch.get('ratedeck', 'XX-4478')).toMatchObject({ rate_cost: 0.3 });
  } finally {
    await a.stop();
  }
});

test('the deck system_config names as default_ratedeck is a system deck even before it exists: no reseller claims it', async () => {
  const a = await start(await h.deps('default-deck@test'));
  const deps = await h.deps();
  const caller = { authAccountId: reseller, isSuperduperAdmin: false, accountIsReseller: true };
  const saved = await h.couch.put('system_config', { _id: 'hotornot', default: { default_ratedeck: 'retail' } });
  try {
    const claim = createTask({ couch: h.couch, bus: deps.bus }, { accountId: reseller, category: 'rates', action: 'import', csv: Readable.from(['prefix,rate_cost,ratedeck_id\n1,9,retail\n']), caller });
    await expect(claim).rejects.toMatchObject({ code: 403, data: { cause: 'retail', message: expect.stringContaining('ratedeck retail is a system ratedeck') } });
    expect(await h.couch.dbExists('ratedeck/retail')).toBe(false);
  } finally {
    await h.couch.remove('system_config', saved._id, saved._rev);
    await a.stop();
  }
});

test("a worker cut off mid-task: the task says its worker is gone, since when and when it resumes; another instance resumes it then", async () => {
  // The worker reaches the database through a hop the test pulls out: to the platform it is dead.
  const hop = await startLaggingProxy(h.couchUrl, () => 0);
  const a = await start({ ...(await h.deps('cutoff@test')), couch: new Couch(hop.url) });
  const deps = await h.deps();
  const store = new TaskStore({ couch: h.couch });
  let b: Awaited<ReturnType<typeof start>> | undefined;
  try {
    const rows = Array.from({ length: 600 }, (_, i) => `${5000 + i},0.01`);
    const task = await createTask(
      { couch: h.couch, bus: deps.bus },
      { accountId: master, category: 'rates', action: 'import', csv: Readable.from([['prefix,rate_cost', ...rows, ''].join('\n')]), options: { ratedeck_id: 'cutoff' }, caller: superduper },
    );
    await requestStart(deps.bus, task._id);
    const running = await until(store, task._id, (d) => (d.pvt_committed_rows ?? 0) >= 6);
    const renewed = running.pvt_lease_renewed as number;
    expect(publicTaskFields(running, false, renewed)).toMatchObject({ status: 'executing', worker: { node: 'cutoff@test', alive: true } });
    expect(publicTaskFields(running, false, renewed).resumes_at).toBeUndefined();

    await hop.close();
    const gone = await until(store, task._id, (d) => publicTaskFields(d).worker?.alive === false);
    const seen = publicTaskFields(gone);
    const lastSeen = Math.floor((gone.pvt_lease_renewed as number) / 1000) + GREGORIAN_OFFSET;
    expect(seen).toMatchObject({ status: 'executing', node: 'cutoff@test', worker: { node: 'cutoff@test', alive: false, last_seen: lastSeen } });
    expect(seen.resumes_at).toBeGreaterThanOrEqual(lastSeen);
    // Before its lease runs out (it missed its heartbeats), it resumes when the lease does.
    const expires = gone.pvt_lease_expires as number;
    if (expires > (gone.pvt_lease_renewed as number) + 1000) {
      expect(publicTaskFields(gone, false, expires - 1)).toMatchObject({ worker: { alive: false }, resumes_at: Math.ceil(expires / 1000) + GREGORIAN_OFFSET });
    }

    b = await start(await h.deps('heir@test'));
    const done = await until(store, task._id, (d) => d.pvt_status !== 'executing', 240_000);
    expect(publicTaskFields(done)).toMatchObject({ status: 'success', success_count: 600, failure_count: 0, node: 'heir@test' });
    expect(publicTaskFields(done).worker).toBeUndefined();
    expect(publicTaskFields(done).resumes_at).toBeUndefined();
  } finally {
    await a.stop();
    await b?.stop();
  }
}, 300_000);

test('a stop is answered even when the task doc keeps changing between its read and its write', async () => {
  const a = await start(await h.deps('busy@test'));
  const deps = await h.deps();
  const store = new TaskStore({ couch: h.couch });
  const many = Array.from({ length: 20000 }, (_, i) => `${60000 + i},0.1`);
  const task = await createTask(
    { couch: h.couch, bus: deps.bus },
    { accountId: master, category: 'rates', action: 'import', csv: Readable.from([['prefix,rate_cost', ...many, ''].join('\n')]), options: { ratedeck_id: 'contended' }, caller: superduper },
  );
  // The instance that gets the stop reads the task doc through a hop that, a dozen times, has the
  // doc written between the read and the stop's write (as a worker saving every batch does).
  const docPath = new RegExp(`^/tasks/${task._id}(\\?|$)`);
  let interleaved = 0;
  const hop = await startLaggingProxy(h.couchUrl, (path, method) => {
    if (method !== 'GET' || !docPath.test(path) || interleaved >= 12) return 0;
    interleaved++;
    return h.couch.update<TaskDoc>('tasks', task._id, (cur) => cur && { ...cur });
  });
  let b: Awaited<ReturnType<typeof start>> | undefined;
  try {
    await requestStart(deps.bus, task._id);
    await until(store, task._id, (d) => (d.pvt_committed_rows ?? 0) > 0);
    // `a` stops answering; its run goes on in this process, so the stop must reach it through the doc.
    await a.stop();
    b = await start({ ...(await h.deps('stopper@test')), couch: new Couch(hop.url) });
    const stopped = (await requestStop(deps.bus, task._id)) as { _read_only: { status: string } };
    // the doc did change under the stop, which landed anyway
    expect(interleaved).toBeGreaterThan(0);
    expect(stopped._read_only.status).toBe('stopped');
    expect(((await store.get(task._id))?.pvt_total_rows_succeeded ?? 0) < 20000).toBe(true);
  } finally {
    await b?.stop();
    // Should the stop have been lost, end the run here rather than wait for its 20,000 rows.
    await store.update(task._id, (cur) => (cur.pvt_status === 'executing' ? { ...cur, pvt_stop_requested: true } : undefined));
    await a.service.settled(task._id);
    await hop.close();
  }
}, 300_000);

test('a tasks key edited in system_config reaches a running instance: the next task takes it, no restart', async () => {
  const a = await start(await h.deps('live@test'));
  const deps = await h.deps();
  const store = new TaskStore({ couch: h.couch });
  const setBatchSize = (n: number) => h.couch.update<Doc>('system_config', 'tasks', (doc) => ({ ...(doc ?? { _id: 'tasks' }), default: { ...(doc?.default as object), bulk_batch_size: n } }));
  try {
    // Edited as an admin would in Fauxton: the doc itself, not through the service's SystemConfig.
    await setBatchSize(7);
    await waitFor('the running instance to follow the edit', async () => (a.service.settings.batchSize === 7 ? true : undefined));
    const rows = Array.from({ length: 10 }, (_, i) => `${7000 + i},0.01`);
    const task = await createTask(
      { couch: h.couch, bus: deps.bus },
      { accountId: master, category: 'rates', action: 'import', csv: Readable.from([['prefix,rate_cost', ...rows, ''].join('\n')]), options: { ratedeck_id: 'live' }, caller: superduper },
    );
    await requestStart(deps.bus, task._id);
    const done = await until(store, task._id, (d) => d.pvt_status !== 'executing');
    expect(done.pvt_batch_size).toBe(7);
    expect(publicTaskFields(done)).toMatchObject({ status: 'success', success_count: 10 });
  } finally {
    await setBatchSize(3);
    await waitFor('the instance to follow the restore', async () => (a.service.settings.batchSize === 3 ? true : undefined));
    await a.stop();
  }
});
