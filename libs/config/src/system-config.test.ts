import { Couch, storageTargets } from '@tollgate/kazoo-db';
import { startLaggingProxy, TestCouch, waitFor } from '@tollgate/testing';
import { SystemConfig } from './system-config';

describe.each(storageTargets())('on %s', (_name, url) => {
  const couch = new TestCouch(url);
  const started: SystemConfig[] = [];
  afterAll(async () => {
    for (const c of started) await c.stop();
    await couch.cleanup();
  });

  async function config(db: string, node = 'tollgate@test') {
    const c = new SystemConfig({ couch, node, db });
    await c.start();
    started.push(c);
    return c;
  }

  test('a default asked for is written back into the default section', async () => {
    const db = await couch.freshDb('sysconf');
    const c = await config(db);
    expect(await c.getInteger('hotornot', 'default_rate_minimum', 60)).toBe(60);
    const doc = await couch.get(db, 'hotornot');
    expect(doc).toMatchObject({ _id: 'hotornot', pvt_type: 'config', default: { default_rate_minimum: 60 } });
    // a value already there is returned, not overwritten by another default
    expect(await c.getInteger('hotornot', 'default_rate_minimum', 30)).toBe(60);
    expect((await couch.get<{ default: Record<string, unknown> }>(db, 'hotornot'))?.default.default_rate_minimum).toBe(60);
  });

  test('a node section wins over default, and set writes where Kazoo writes', async () => {
    const db = await couch.freshDb('sysconf');
    await couch.put(db, { _id: 'crossbar', default: { port: 8000, nested: { a: 1 } }, 'tollgate@test': { port: 8443 } });
    const c = await config(db);
    const other = await config(db, 'tollgate@other');
    expect(await c.get('crossbar', 'port', 1)).toBe(8443);
    expect(await other.get('crossbar', 'port', 1)).toBe(8000);
    expect(await c.get('crossbar', ['nested', 'a'])).toBe(1);
    await c.set('crossbar', 'port', 9000); // node has it -> node section
    await c.set('crossbar', 'pagination_page_size', 25); // node lacks it -> default
    const doc = await couch.get<Record<string, Record<string, unknown>>>(db, 'crossbar');
    expect(doc?.['tollgate@test']).toEqual({ port: 9000 });
    expect(doc?.default).toMatchObject({ port: 8000, pagination_page_size: 25 });
    await c.delete('crossbar', 'pagination_page_size');
    expect(await c.get('crossbar', 'pagination_page_size')).toBeUndefined();
    expect((await couch.get<Record<string, Record<string, unknown>>>(db, 'crossbar'))?.default).not.toHaveProperty('pagination_page_size');
  });

  // How soon (the goal is 1 s) is measured by bench/freshness, not asserted: a latency bound in a test is flaky on a loaded box.
  test('a value edited directly in CouchDB reaches a running service without a restart', async () => {
    const db = await couch.freshDb('sysconf');
    const c = await config(db);
    expect(await c.getBoolean('services', 'sync_services', false)).toBe(false);
    const seen: string[] = [];
    c.onChange((cat) => seen.push(cat));
    const t0 = Date.now();
    await couch.update<Record<string, unknown>>(db, 'services', (doc) => ({ ...doc!, default: { sync_services: true } }));
    let value = false;
    while (!value && Date.now() - t0 < 15_000) {
      value = await c.getBoolean('services', 'sync_services', false);
      if (!value) await new Promise((r) => setTimeout(r, 20));
    }
    expect(value).toBe(true);
    expect(seen).toContain('services');
  });

  test('a value this service just wrote is what it reads next, though the feed brings the older revision later', async () => {
    const db = await couch.freshDb('sysconf');
    // The feed lags as on a loaded machine: its first long-poll answer is held in transit until the
    // test lets it go, and the next ones later than this test looks.
    let polls = 0;
    let answered!: () => void;
    const firstAnswerHeld = new Promise<void>((r) => (answered = r));
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const proxy = await startLaggingProxy(url, (path) => {
      if (!path.includes('feed=longpoll')) return 0;
      if (++polls > 1) return 10_000;
      answered();
      return released;
    });
    const c = new SystemConfig({ couch: new Couch(proxy.url), node: 'tollgate@test', db });
    await c.start();
    try {
      await c.setDefault('number_manager', 'unauthorized_numbers_lookup', true);
      await firstAnswerHeld; // the feed has answered with that revision; it is in transit
      await c.setDefault('number_manager', 'unauthorized_numbers_lookup', false);
      expect(await c.getBoolean('number_manager', 'unauthorized_numbers_lookup', true)).toBe(false);
      release();
      // the first write's revision has arrived once the follower asks again
      await waitFor('the feed to deliver the first write', async () => (polls >= 2 ? true : undefined), 15_000, 20);
      expect(await c.getBoolean('number_manager', 'unauthorized_numbers_lookup', true)).toBe(false);
    } finally {
      await c.stop();
      await proxy.close();
    }
  });

  test('a mistyped value falls back to the default instead of breaking the reader', async () => {
    const db = await couch.freshDb('sysconf');
    await couch.put(db, { _id: 'services', default: { scan_rate: 'often', sync_services: 'true' } });
    const c = await config(db);
    expect(await c.getInteger('services', 'scan_rate', 20000)).toBe(20000);
    expect(await c.getBoolean('services', 'sync_services', false)).toBe(true);
  });
});
