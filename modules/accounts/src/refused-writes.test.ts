// A request the accounts module refuses writes nothing anywhere, not even the shared tree lock:
// otherwise any tenant could make unlimited writes to the `accounts` db.
import { isKazooError, type KazooError } from '@tollgate/errors';
import type { Couch } from '@tollgate/kazoo-db';
import { bootstrapMaster } from './bootstrap-master';
import { createAccount } from './create-account';
import { deleteAccount } from './delete-account';
import { moveAccount } from './move-account';
import { makeReseller } from './reseller';
import { type Harness, startHarness } from './testing';
import { updateAccount } from './update-account';

let h: Harness;
let masterId: string;
let parentId: string;
let childId: string;

beforeAll(async () => {
  h = await startHarness();
  masterId = (await bootstrapMaster(h.deps, { accountName: 'Master Co', username: 'admin', password: 'secret' })).accountId;
  // Successful writes first, so every default a write reads is already written back.
  parentId = String((await createAccount(h.deps, { data: { name: 'Parent Co' } }))._id);
  childId = String((await createAccount(h.deps, { parentId, data: { name: 'Child Co' } }))._id);
  await updateAccount(h.deps, childId, { name: 'Child Co' }, { mode: 'patch' });
});
afterAll(async () => h.close());

async function updateSeqs(couch: Couch): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const db of await couch.listDbs()) {
    out[db] = JSON.stringify((await couch.info(db)).update_seq);
  }
  return out;
}

async function refusal(p: Promise<unknown>): Promise<KazooError> {
  try {
    await p;
  } catch (err) {
    if (isKazooError(err)) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

test.each([
  ['a create with an invalid body', () => createAccount(h.deps, { data: { name: '' } }), 400],
  ['a create with a name in use', () => createAccount(h.deps, { data: { name: 'parent co' } }), 400],
  ['a create under a missing parent', () => createAccount(h.deps, { parentId: 'f'.repeat(32), data: { name: 'Orphan' } }), 404],
  ['an update with an invalid body', () => updateAccount(h.deps, childId, { name: 42 }, { mode: 'patch' }), 400],
  ['an update taking a name in use', () => updateAccount(h.deps, childId, { name: 'Parent Co' }, { mode: 'replace' }), 400],
  ['an update of a missing account', () => updateAccount(h.deps, 'e'.repeat(32), { name: 'x' }, { mode: 'patch' }), 404],
  ['a move under its own descendant', () => moveAccount(h.deps, parentId, childId), 403],
  ['promoting the master', () => makeReseller(h.deps, masterId), 403],
  ['deleting an account with sub-accounts', () => deleteAccount(h.deps, parentId), 500],
])('%s writes nothing (not even the tree lock)', async (_what, op, code) => {
  const before = await updateSeqs(h.couch);
  expect((await refusal(op())).code).toBe(code);
  expect(await updateSeqs(h.couch)).toEqual(before);
});

test('a ~1 MiB account name is a 400 maxLength error, not a datastore error', async () => {
  const before = await updateSeqs(h.couch);
  const err = await refusal(createAccount(h.deps, { data: { name: 'n'.repeat(1_000_000) } }));
  expect(err.code).toBe(400);
  expect(err.data).toMatchObject({ name: { maxLength: expect.any(Object) } });
  const realm = await refusal(updateAccount(h.deps, childId, { realm: `${'r'.repeat(1_000_000)}.example.com` }, { mode: 'patch' }));
  expect(realm.data).toMatchObject({ realm: { maxLength: expect.any(Object) } });
  expect(await updateSeqs(h.couch)).toEqual(before);
});
