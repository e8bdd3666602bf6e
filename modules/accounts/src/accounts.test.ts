import { isKazooError, type KazooError } from '@tollgate/errors';
import { accountDbName, modbName } from '@tollgate/kazoo-db';
import { bootstrapMaster } from './bootstrap-master';
import { createAccount } from './create-account';
import { deleteAccount } from './delete-account';
import { describeAccount } from './describe-account';
import type { AccountDoc } from './domain/account-doc';
import { liveAccountsSettings } from './config';
import { findMasterAccountId } from './master-id';
import { moveAccount } from './move-account';
import { purgeAccount } from './purge-account';
import { demoteReseller, makeReseller } from './reseller';
import { ACCOUNTS_DB, fetchAccount } from './store/account-store';
import { refreshAccountReplicas } from './store/refresh-replicas';
import { GLOBAL_DBS } from '@tollgate/kazoo-db';
import { fetchServices } from '@tollgate/services';
import { type Harness, refreshAccountsSettings, startHarness } from './testing';
import { listAncestors, listChildren, listDescendants, listSiblings } from './tree-queries';
import { updateAccount } from './update-account';

let h: Harness;
let masterId: string;

beforeAll(async () => {
  h = await startHarness();
  masterId = (await bootstrapMaster(h.deps, { accountName: 'Master Co', username: 'admin', password: 'secret' })).accountId;
});
afterAll(async () => h.close());

async function kazooError(p: Promise<unknown>): Promise<KazooError> {
  try {
    await p;
  } catch (err) {
    if (isKazooError(err)) return err;
    throw err;
  }
  throw new Error('expected a KazooError');
}

async function child(name: string, parentId?: string, data: Record<string, unknown> = {}): Promise<string> {
  return String((await createAccount(h.deps, { parentId, data: { name, ...data } }))._id);
}

async function liveAccountCount(): Promise<number> {
  const rows = await h.couch.allDocs<AccountDoc>(ACCOUNTS_DB, { include_docs: true });
  return rows.filter((r) => r.doc?.pvt_type === 'account' && !r.doc.pvt_deleted).length;
}

describe('master account', () => {
  test('bootstrap makes a superduper, self-reselling master with an admin, and records its id', async () => {
    const master = (await fetchAccount(h.couch, masterId))!;
    expect(master).toMatchObject({ name: 'Master Co', pvt_tree: [], pvt_superduper_admin: true, pvt_reseller: true, pvt_reseller_id: masterId, pvt_type: 'account' });
    expect(await fetchServices(h.couch, masterId)).toMatchObject({ pvt_reseller: true, pvt_reseller_id: masterId, pvt_tree: [], billing_id: masterId });
    expect(await h.config.get('accounts', 'master_account_id')).toBe(masterId);
    expect(await findMasterAccountId(h.deps)).toBe(masterId);
  });

  test('a second bootstrap returns the master and changes nothing', async () => {
    const before = await fetchAccount(h.couch, masterId);
    const again = await bootstrapMaster(h.deps, { accountName: 'Other', username: 'x', password: 'y' });
    expect(again).toEqual({ accountId: masterId, created: false });
    expect((await fetchAccount(h.couch, masterId))?._rev).toBe(before?._rev);
  });

  test('without the config key the master is found by its empty tree', async () => {
    await h.config.delete('accounts', 'master_account_id');
    await refreshAccountsSettings(h.config);
    expect(await findMasterAccountId(h.deps)).toBe(masterId);
    expect(await h.config.get('accounts', 'master_account_id')).toBe(masterId);
  });
});

describe('settings', () => {
  test('every key is written back with its default, and a change reaches the live settings through _changes', async () => {
    const live = await liveAccountsSettings(h.config);
    expect(live.current).toMatchObject({ realmSuffix: 'sip.2600hz.com', randomRealmStrength: 3, ensureUniqueName: true, allowMove: 'superduper_admin', masterAccountId: masterId });
    expect(await h.config.get('crossbar.accounts', 'expose_api_key')).toBe(false);
    expect(await h.config.get('accounts', 'default_timezone')).toBe('America/Los_Angeles');
    await h.config.setDefault('crossbar.accounts', 'allow_move', 'tree');
    try {
      const until = Date.now() + 10_000;
      while (live.current.allowMove !== 'tree' && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      expect(live.current.allowMove).toBe('tree');
    } finally {
      await h.config.setDefault('crossbar.accounts', 'allow_move', 'superduper_admin');
      await refreshAccountsSettings(h.config);
    }
  });
});

describe('create', () => {
  test('a top-level account: defaults, tree, api key, dbs, replica, services doc and an event', async () => {
    h.events.length = 0;
    const doc = await createAccount(h.deps, { data: { name: 'Child Account' } });
    const id = String(doc._id);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(doc).toMatchObject({
      name: 'Child Account',
      realm: expect.stringMatching(/^[0-9a-f]{6}\.sip\.2600hz\.com$/),
      timezone: 'America/Los_Angeles',
      language: 'en-us',
      call_restriction: {},
      caller_id: {},
      dial_plan: {},
      music_on_hold: {},
      preflow: {},
      ringtones: {},
      pvt_type: 'account',
      pvt_vsn: '1',
      pvt_tree: [masterId],
      pvt_enabled: true,
      pvt_api_key: expect.stringMatching(/^[0-9a-f]{64}$/),
      pvt_account_id: id,
      pvt_account_db: `account%2F${id.slice(0, 2)}%2F${id.slice(2, 4)}%2F${id.slice(4)}`,
      pvt_created: expect.any(Number),
      pvt_alphanum_name: 'childaccount',
    });
    expect(doc.enabled).toBeUndefined();
    expect(await h.couch.get(ACCOUNTS_DB, id)).toMatchObject({ name: 'Child Account', pvt_tree: [masterId] });
    expect(await h.couch.dbExists(accountDbName(id))).toBe(true);
    expect(await h.couch.dbExists(modbName(id))).toBe(true);
    expect(await h.couch.get(accountDbName(id), '_design/users')).toBeDefined();
    expect(await fetchServices(h.couch, id)).toMatchObject({
      _id: id,
      billing_id: id,
      plans: {},
      pvt_type: 'service',
      pvt_reseller: false,
      pvt_reseller_id: masterId,
      pvt_tree: [masterId],
      pvt_status: 'good_standing',
    });
    expect(h.events.some((e) => e['Event-Name'] === 'doc_created' && e.ID === id && e.Type === 'account')).toBe(true);
  });

  test('the realm suffix and the default timezone and language come from system_config', async () => {
    await h.config.setDefault('crossbar.accounts', 'account_realm_suffix', 'voip.example.net');
    await h.config.setDefault('accounts', 'default_timezone', 'Europe/Paris');
    await h.config.setDefault('accounts', 'default_language', 'fr-fr');
    await refreshAccountsSettings(h.config);
    try {
      const doc = await createAccount(h.deps, { data: { name: 'Configured' } });
      expect(doc).toMatchObject({ realm: expect.stringMatching(/^[0-9a-f]{6}\.voip\.example\.net$/), timezone: 'Europe/Paris', language: 'fr-fr' });
    } finally {
      await h.config.setDefault('crossbar.accounts', 'account_realm_suffix', 'sip.2600hz.com');
      await h.config.setDefault('accounts', 'default_timezone', 'America/Los_Angeles');
      await h.config.setDefault('accounts', 'default_language', 'en-us');
      await refreshAccountsSettings(h.config);
    }
  });

  test('names are unique after normalisation, realms case-insensitively; a rejection writes nothing', async () => {
    await child('ACME, Inc.', undefined, { realm: 'acme.example.com' });
    const before = await liveAccountCount();
    const err = await kazooError(createAccount(h.deps, { data: { name: 'acme inc', realm: 'ACME.example.com' } }));
    expect(err.code).toBe(400);
    expect(err.data).toEqual({
      name: { unique: { message: 'Account name already in use', cause: 'acme inc' } },
      realm: { unique: { message: 'Account realm already in use', cause: 'ACME.example.com' } },
    });
    expect(await liveAccountCount()).toBe(before);
  });

  test('schema errors: missing or over-long name, wrong types; spaces are removed from realms', async () => {
    const missing = await kazooError(createAccount(h.deps, { data: {} }));
    expect(missing.data).toEqual({ name: { required: { message: 'Field is required but missing' } } });
    const long = await kazooError(createAccount(h.deps, { data: { name: 'x'.repeat(129) } }));
    expect(Object.keys((long.data as Record<string, unknown>).name as object)).toEqual(['maxLength']);
    const typed = await kazooError(createAccount(h.deps, { data: { name: 'T', enabled: 'yes', caller_id: 'x' } }));
    expect(Object.keys(typed.data as object).sort()).toEqual(['caller_id', 'enabled']);
    expect((await createAccount(h.deps, { data: { name: 'Spaced', realm: 'sp aced.example.com' } })).realm).toBe('spaced.example.com');
  });

  test('an unknown or deleted parent is a bad identifier', async () => {
    const err = await kazooError(createAccount(h.deps, { parentId: 'f'.repeat(32), data: { name: 'Orphan' } }));
    expect(err.code).toBe(404);
    expect(err.data).toEqual({ cause: 'f'.repeat(32), message: 'bad identifier' });
  });

  test("a sub-account inherits its parent's disabled state", async () => {
    const parent = await child('Disabled Parent');
    await updateAccount(h.deps, parent, { name: 'Disabled Parent', enabled: false }, { mode: 'replace', authAccountId: masterId });
    const kid = await createAccount(h.deps, { parentId: parent, data: { name: 'Kid of Disabled' } });
    expect(kid.pvt_enabled).toBe(false);
  });
});

describe('update', () => {
  test('POST replaces public fields and keeps the realm; PATCH merges; private fields survive', async () => {
    const id = await child('Updatable', undefined, { realm: 'upd.example.com', caller_id: { external: { name: 'A' } } });
    const posted = await updateAccount(h.deps, id, { name: 'Updatable', some_key: 'some_value', created: 1, reseller_id: 'x' }, { mode: 'replace' });
    expect(posted).toMatchObject({ realm: 'upd.example.com', some_key: 'some_value', caller_id: {}, pvt_tree: [masterId] });
    expect(posted.created).toBeUndefined();
    expect(posted.reseller_id).toBeUndefined();
    const patched = await updateAccount(h.deps, id, { caller_id: { external: { number: '+1555' } } }, { mode: 'patch' });
    expect(patched).toMatchObject({ name: 'Updatable', some_key: 'some_value', caller_id: { external: { number: '+1555' } } });
    expect(await h.couch.get(ACCOUNTS_DB, id)).toMatchObject({ some_key: 'some_value' });
  });

  test('enabled is honoured from an ancestor, never from the account itself', async () => {
    const id = await child('Self Enabler');
    const bySelf = await updateAccount(h.deps, id, { name: 'Self Enabler', enabled: false }, { mode: 'replace', authAccountId: id });
    expect(bySelf.pvt_enabled).toBe(true);
    const byParent = await updateAccount(h.deps, id, { name: 'Self Enabler', enabled: false }, { mode: 'replace', authAccountId: masterId });
    expect(byParent.pvt_enabled).toBe(false);
  });

  test('a bad update writes nothing', async () => {
    const id = await child('Stable Name');
    const rev = (await fetchAccount(h.couch, id))?._rev;
    const err = await kazooError(updateAccount(h.deps, id, { name: '' }, { mode: 'patch' }));
    expect(err.code).toBe(400);
    expect((await fetchAccount(h.couch, id))?._rev).toBe(rev);
  });
});

describe('tree queries', () => {
  test('children, descendants, siblings and ancestors', async () => {
    const top = await child('Tree Top');
    const a = await child('Tree A', top);
    const b = await child('Tree B', top);
    const a1 = await child('Tree A1', a);
    const kids = await listChildren(h.couch, top);
    expect(kids.map((k) => [k.name, k.descendants_count])).toEqual([
      ['Tree A', 1],
      ['Tree B', 0],
    ]);
    expect(kids[0]).toMatchObject({ id: a, realm: expect.any(String), tree: [masterId, top] });
    expect((await listDescendants(h.couch, top)).map((d) => d.id).sort()).toEqual([a, a1, b].sort());
    const aDoc = (await fetchAccount(h.couch, a))!;
    expect((await listSiblings(h.couch, aDoc)).map((s) => s.id)).toEqual([a, b]);
    const a1Doc = (await fetchAccount(h.couch, a1))!;
    expect(await listAncestors(h.couch, a1Doc)).toEqual([
      { id: masterId, name: 'Master Co' },
      { id: top, name: 'Tree Top' },
      { id: a, name: 'Tree A' },
    ]);
    expect((await listAncestors(h.couch, a1Doc, top)).map((x) => x.id)).toEqual([top, a]);
  });
});

describe('resellers', () => {
  test('promote cascades the reseller to descendants and new children; demote falls back to the master', async () => {
    const r = await child('Reseller R');
    const c1 = await child('Customer C1', r);
    const c1a = await child('Customer C1a', c1);
    await makeReseller(h.deps, r);
    expect(await fetchServices(h.couch, r)).toMatchObject({ pvt_reseller: true, pvt_reseller_id: masterId });
    for (const id of [c1, c1a]) {
      expect(await fetchServices(h.couch, id)).toMatchObject({ pvt_reseller_id: r });
      expect(await fetchAccount(h.couch, id)).toMatchObject({ pvt_reseller_id: r });
    }
    const late = await child('Late Child', c1);
    expect(await fetchServices(h.couch, late)).toMatchObject({ pvt_reseller_id: r, pvt_tree: [masterId, r, c1] });
    const view = await describeAccount(h.deps, (await fetchAccount(h.couch, late))!, { authAccountId: masterId });
    expect(view).toMatchObject({ reseller_id: r, is_reseller: false, billing_mode: 'manual' });

    await demoteReseller(h.deps, r);
    expect(await fetchServices(h.couch, r)).toMatchObject({ pvt_reseller: false });
    for (const id of [c1, c1a, late]) expect(await fetchServices(h.couch, id)).toMatchObject({ pvt_reseller_id: masterId });
    expect(await fetchServices(h.couch, await child('After Demote', c1))).toMatchObject({ pvt_reseller_id: masterId });
  });

  test('the master cannot be promoted or demoted; a reseller below blocks both', async () => {
    expect((await kazooError(makeReseller(h.deps, masterId))).code).toBe(403);
    const top = await child('Outer');
    const inner = await child('Inner', top);
    await makeReseller(h.deps, inner);
    const err = await kazooError(makeReseller(h.deps, top));
    expect(err).toMatchObject({ code: 500, message: 'account_has_descendants' });
  });

  test("a new account gets its reseller's default_service_plan", async () => {
    const r = await child('Planned Reseller');
    await makeReseller(h.deps, r);
    await h.couch.update(GLOBAL_DBS.services, r, (cur) => (cur ? { ...cur, default_service_plan: 'gold_plan' } : undefined));
    const kid = await child('Planned Kid', r);
    expect((await fetchServices(h.couch, kid))?.plans).toEqual({ gold_plan: { account_id: r, vendor_id: r } });
  });
});

describe('move', () => {
  test('rewrites the trees and services docs of the account and its descendants; refuses its own subtree', async () => {
    const r = await child('Move Reseller');
    await makeReseller(h.deps, r);
    const x = await child('Move X');
    const y = await child('Move Y', x);
    const z = await child('Move Z', y);
    const refused = await kazooError(moveAccount(h.deps, x, z));
    expect(refused.code).toBe(403);
    expect((await fetchAccount(h.couch, x))?.pvt_tree).toEqual([masterId]);

    const moved = await moveAccount(h.deps, x, r);
    expect(moved).toMatchObject({ pvt_tree: [masterId, r], pvt_previous_tree: [masterId], pvt_reseller_id: r });
    expect(await fetchAccount(h.couch, y)).toMatchObject({ pvt_tree: [masterId, r, x], pvt_reseller_id: r });
    expect(await fetchAccount(h.couch, z)).toMatchObject({ pvt_tree: [masterId, r, x, y] });
    expect(await h.couch.get(ACCOUNTS_DB, z)).toMatchObject({ pvt_tree: [masterId, r, x, y] });
    expect(await fetchServices(h.couch, z)).toMatchObject({ pvt_tree: [masterId, r, x, y], pvt_reseller_id: r });
    expect((await listDescendants(h.couch, r)).map((d) => d.id).sort()).toEqual([x, y, z].sort());
  });

  test('an interrupted move is finished by running it again', async () => {
    const p1 = await child('Interrupted From');
    const p2 = await child('Interrupted To');
    const a = await child('Interrupted A', p1);
    const b = await child('Interrupted B', a);
    // Simulate a crash after the descendant was rewritten but before the account itself was.
    await h.couch.update(accountDbName(b), b, (cur) => (cur ? { ...cur, pvt_tree: [masterId, p2, a] } : undefined));
    await h.couch.update(ACCOUNTS_DB, b, (cur) => (cur ? { ...cur, pvt_tree: [masterId, p2, a] } : undefined));
    await moveAccount(h.deps, a, p2);
    expect(await fetchAccount(h.couch, a)).toMatchObject({ pvt_tree: [masterId, p2] });
    expect(await fetchAccount(h.couch, b)).toMatchObject({ pvt_tree: [masterId, p2, a] });
    expect(await fetchServices(h.couch, b)).toMatchObject({ pvt_tree: [masterId, p2, a] });
    const again = await moveAccount(h.deps, a, p2);
    expect(again.pvt_tree).toEqual([masterId, p2]);
  });
});

describe('delete and purge', () => {
  test('delete refuses an account with sub-accounts and the master', async () => {
    const parent = await child('Has Kids');
    await child('The Kid', parent);
    const err = await kazooError(deleteAccount(h.deps, parent));
    expect(err).toMatchObject({ code: 500, message: 'account_has_descendants' });
    expect((err.data as { message: string }).message).toMatch(/1 sub-account/);
    expect((await kazooError(deleteAccount(h.deps, masterId))).code).toBe(403);
  });

  test('delete marks the account deleted everywhere, publishes it, keeps the dbs, frees the name; purge removes it', async () => {
    const id = await child('Doomed Co');
    h.events.length = 0;
    const deleted = await deleteAccount(h.deps, id);
    expect(deleted.pvt_deleted).toBe(true);
    expect(await fetchAccount(h.couch, id)).toMatchObject({ pvt_deleted: true });
    expect(await h.couch.get(ACCOUNTS_DB, id)).toMatchObject({ pvt_deleted: true });
    expect(await fetchServices(h.couch, id)).toMatchObject({ pvt_deleted: true });
    expect(h.events).toEqual(
      expect.arrayContaining([expect.objectContaining({ 'Event-Name': 'doc_deleted', ID: id, Type: 'account', 'Is-Soft-Deleted': true })]),
    );
    expect(await h.couch.dbExists(accountDbName(id))).toBe(true);
    await child('Doomed Co');

    const live = await child('Not Deleted');
    expect((await kazooError(purgeAccount(h.deps, live))).code).toBe(400);
    await purgeAccount(h.deps, id);
    expect(await h.couch.dbExists(accountDbName(id))).toBe(false);
    expect(await h.couch.dbExists(modbName(id))).toBe(false);
    expect(await h.couch.get(ACCOUNTS_DB, id)).toBeUndefined();
    expect(await fetchServices(h.couch, id)).toBeUndefined();
    expect((await kazooError(purgeAccount(h.deps, id))).code).toBe(404);
  });
});

describe('accounts replica after hand edits', () => {
  test('an account doc edited in Fauxton reaches the `accounts` replica on refresh; a second refresh changes nothing', async () => {
    const top = await child('Replica Top');
    const kid = await child('Replica Kid', top);
    // An admin renames the child and disables it straight in its own db (no API, so no replica write).
    const db = accountDbName(kid);
    const doc = (await h.couch.get<AccountDoc>(db, kid))!;
    await h.couch.put(db, { ...doc, name: 'Replica Kid Renamed', enabled: false });
    expect((await listChildren(h.couch, top)).map((k) => k.name)).toEqual(['Replica Kid']);

    const first = await refreshAccountReplicas(h.deps);
    expect(first.repaired).toEqual([kid]);
    expect(first.checked).toBeGreaterThanOrEqual(3);
    expect((await listChildren(h.couch, top)).map((k) => k.name)).toEqual(['Replica Kid Renamed']);
    expect(await h.couch.get(ACCOUNTS_DB, kid)).toMatchObject({ name: 'Replica Kid Renamed', enabled: false });

    expect((await refreshAccountReplicas(h.deps)).repaired).toEqual([]);
  });

  test('a replica lost or edited on its own is rewritten from the account db, the authority', async () => {
    const acct = await child('Replica Lost');
    const replica = (await h.couch.get<AccountDoc>(ACCOUNTS_DB, acct))!;
    await h.couch.put(ACCOUNTS_DB, { ...replica, name: 'Edited In The Replica' });
    const other = await child('Replica Gone');
    const gone = (await h.couch.get<AccountDoc>(ACCOUNTS_DB, other))!;
    await h.couch.remove(ACCOUNTS_DB, other, String(gone._rev));

    expect((await refreshAccountReplicas(h.deps)).repaired.sort()).toEqual([acct, other].sort());
    expect(await h.couch.get(ACCOUNTS_DB, acct)).toMatchObject({ name: 'Replica Lost' });
    expect(await h.couch.get(ACCOUNTS_DB, other)).toMatchObject({ name: 'Replica Gone' });
  });

  test('an account db whose account doc was deleted by hand gets it back from the replica (as Kazoo’s refresh)', async () => {
    const acct = await child('Definition Lost');
    const db = accountDbName(acct);
    const doc = (await h.couch.get<AccountDoc>(db, acct))!;
    await h.couch.remove(db, acct, String(doc._rev));
    expect(await fetchAccount(h.couch, acct)).toBeUndefined();
    const refresh = await refreshAccountReplicas(h.deps);
    expect(refresh).toMatchObject({ repaired: [], restored: [acct] });
    expect(await fetchAccount(h.couch, acct)).toMatchObject({ name: 'Definition Lost', pvt_tree: doc.pvt_tree });
  });
});
