import { isKazooError, type KazooError } from '@tollgate/errors';
import { accountDbName } from '@tollgate/kazoo-db';
import { accountsForLogin } from './account-lookup';
import { bootstrapMaster } from './bootstrap-master';
import { createAccount } from './create-account';
import { md5Credentials, sha1Credentials } from './domain/credentials';
import { isCurrentGeneration } from './domain/token';
import { userView } from './domain/user';
import { fetchToken } from './store/token-store';
import { fetchUser, findUserByCredentials, listUsers } from './store/user-store';
import { type Harness, startHarness } from './testing';
import { authenticateToken, issueToken, revokeToken } from './tokens';
import { createUser, deleteUser, updateUser } from './users';

let h: Harness;
let accountId: string;

beforeAll(async () => {
  h = await startHarness();
  await bootstrapMaster(h.deps, { accountName: 'Master', username: 'admin', password: 'pw' });
  accountId = String((await createAccount(h.deps, { data: { name: 'Users Co', realm: 'users.example.com' } }))._id);
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

const person = { first_name: 'Jane', last_name: 'Doe' };

test('a user stores only the md5 and sha1 of "username:password", never the password', async () => {
  const user = await createUser(h.deps, accountId, { ...person, username: 'Jane@Example.com', password: 's3cret', priv_level: 'admin', email: 'jane@example.com' });
  const stored = await h.couch.get(accountDbName(accountId), String(user._id));
  expect(stored).toMatchObject({
    username: 'jane@example.com',
    pvt_type: 'user',
    pvt_md5_auth: md5Credentials('jane@example.com', 's3cret'),
    pvt_sha1_auth: sha1Credentials('jane@example.com', 's3cret'),
    priv_level: 'admin',
    enabled: true,
    pvt_account_id: accountId,
  });
  expect(JSON.stringify(stored)).not.toContain('s3cret');
  const view = userView(user);
  expect(view).toMatchObject({ id: user._id, username: 'jane@example.com', first_name: 'Jane' });
  expect(Object.keys(view).some((k) => k.startsWith('pvt_') || k === 'password')).toBe(false);
  expect(await findUserByCredentials(h.couch, accountId, 'md5', md5Credentials('jane@example.com', 's3cret'))).toEqual({ owner_id: user._id, account_id: accountId });
  expect(await findUserByCredentials(h.couch, accountId, 'sha', sha1Credentials('jane@example.com', 's3cret'))).toEqual({ owner_id: user._id, account_id: accountId });
  expect(await findUserByCredentials(h.couch, accountId, 'md5', md5Credentials('jane@example.com', 'wrong'))).toBeUndefined();
});

test('usernames are unique per account; first and last name are required; priv_level is admin|user', async () => {
  await createUser(h.deps, accountId, { ...person, username: 'dup', password: 'a' });
  const dup = await kazooError(createUser(h.deps, accountId, { ...person, username: 'DUP', password: 'b' }));
  expect(dup.data).toEqual({ username: { unique: { message: 'User name is not unique for this account', cause: 'dup' } } });
  const bad = await kazooError(createUser(h.deps, accountId, { username: 'x', priv_level: 'root' }));
  expect(Object.keys(bad.data as object).sort()).toEqual(['first_name', 'last_name', 'priv_level']);
});

test('a new password rehashes; a new username needs the password; PATCH keeps the rest', async () => {
  const user = await createUser(h.deps, accountId, { ...person, username: 'rehash', password: 'one' });
  const id = String(user._id);
  await updateUser(h.deps, accountId, id, { password: 'two' }, { mode: 'patch' });
  expect(await findUserByCredentials(h.couch, accountId, 'md5', md5Credentials('rehash', 'two'))).toMatchObject({ owner_id: id });
  expect(await findUserByCredentials(h.couch, accountId, 'md5', md5Credentials('rehash', 'one'))).toBeUndefined();
  const rename = await kazooError(updateUser(h.deps, accountId, id, { username: 'renamed' }, { mode: 'patch' }));
  expect(rename.data).toEqual({ password: { required: { message: 'The password must be provided when updating the user name' } } });
  const renamed = await updateUser(h.deps, accountId, id, { username: 'renamed', password: 'three' }, { mode: 'patch' });
  expect(renamed).toMatchObject({ username: 'renamed', first_name: 'Jane' });
  expect(await findUserByCredentials(h.couch, accountId, 'md5', md5Credentials('renamed', 'three'))).toMatchObject({ owner_id: id });
});

test('a disabled or deleted user cannot be found by credentials; listing shows live users', async () => {
  const user = await createUser(h.deps, accountId, { ...person, username: 'gone', password: 'pw' });
  const id = String(user._id);
  await updateUser(h.deps, accountId, id, { enabled: false }, { mode: 'patch' });
  expect(await findUserByCredentials(h.couch, accountId, 'md5', md5Credentials('gone', 'pw'))).toBeUndefined();
  await deleteUser(h.deps, accountId, id);
  expect(await fetchUser(h.couch, accountId, id)).toBeUndefined();
  expect((await listUsers(h.couch, accountId)).map((u) => u.id)).not.toContain(id);
  expect((await kazooError(updateUser(h.deps, accountId, id, { first_name: 'x' }, { mode: 'patch' }))).code).toBe(404);
});

test('logins find the account by realm, by normalised name, or by id', async () => {
  expect(await accountsForLogin(h.couch, { accountName: 'users co' })).toEqual([accountId]);
  expect(await accountsForLogin(h.couch, { accountName: 'USERS-CO!' })).toEqual([accountId]);
  expect(await accountsForLogin(h.couch, { realm: 'USERS.example.com' })).toEqual([accountId]);
  expect(await accountsForLogin(h.couch, { accountId })).toEqual([accountId]);
  expect(await accountsForLogin(h.couch, { accountName: 'nobody' })).toEqual([]);
});

test('tokens are documents that can be read and revoked', async () => {
  const token = await issueToken(h.deps, { accountId, ownerId: 'u1', method: 'cb_user_auth' });
  expect(token._id).toMatch(/^[0-9a-f]{64}$/);
  expect(await fetchToken(h.couch, token._id)).toMatchObject({ account_id: accountId, owner_id: 'u1', method: 'cb_user_auth', pvt_type: 'token' });
  expect(await revokeToken(h.deps, token._id)).toBe(true);
  expect(await fetchToken(h.couch, token._id)).toBeUndefined();
  expect(await fetchToken(h.couch, '../../etc')).toBeUndefined();
});

test("a password change or disabling ends the user's tokens so far; a rename does not; keepToken keeps the request's own", async () => {
  const user = await createUser(h.deps, accountId, { ...person, username: 'gen', password: 'one' });
  const id = String(user._id);
  const live = async (token: string) => {
    const doc = await fetchToken(h.couch, token);
    const now = await fetchUser(h.couch, accountId, id);
    return doc !== undefined && now !== undefined && isCurrentGeneration(doc, now);
  };
  const a = (await issueToken(h.deps, { accountId, ownerId: id, method: 'cb_user_auth' }))._id;
  const b = (await issueToken(h.deps, { accountId, ownerId: id, method: 'cb_user_auth' }))._id;
  await updateUser(h.deps, accountId, id, { first_name: 'Renamed' }, { mode: 'patch' });
  expect([await live(a), await live(b)]).toEqual([true, true]);

  await updateUser(h.deps, accountId, id, { username: 'gen', password: 'two' }, { mode: 'patch', keepToken: a });
  expect([await live(a), await live(b)]).toEqual([true, false]);

  await updateUser(h.deps, accountId, id, { enabled: false }, { mode: 'patch' });
  await updateUser(h.deps, accountId, id, { enabled: true }, { mode: 'patch' });
  expect(await live(a)).toBe(false);
  const fresh = (await issueToken(h.deps, { accountId, ownerId: id, method: 'cb_user_auth' }))._id;
  expect(await live(fresh)).toBe(true);
});

test('a token is never announced on the bus: its doc id is the bearer credential', async () => {
  const user = await createUser(h.deps, accountId, { ...person, username: 'quiet', password: 'pw' });
  h.events.length = 0;
  const token = await issueToken(h.deps, { accountId, ownerId: String(user._id), method: 'cb_user_auth' });
  await revokeToken(h.deps, token._id);
  // A later write's event arriving shows the token's writes had their chance to be announced.
  await updateUser(h.deps, accountId, String(user._id), { first_name: 'Later' }, { mode: 'patch' });
  await waitFor(() => h.events.some((e) => e.ID === user._id && e['Event-Name'] === 'doc_edited'));
  expect(h.events.filter((e) => e.Type === 'token' || e.ID === token._id)).toEqual([]);
});

test('authenticateToken: a live token gives its account and user; an expired or revoked one nothing', async () => {
  const user = await createUser(h.deps, accountId, { ...person, username: 'authn', password: 'pw' });
  const token = (await issueToken(h.deps, { accountId, ownerId: String(user._id), method: 'cb_user_auth' }))._id;
  const holder = await authenticateToken(h.deps, token, { expirySeconds: 3600 });
  expect(holder).toMatchObject({ token: { _id: token, account_id: accountId }, account: { _id: accountId }, user: { _id: user._id } });
  expect(await authenticateToken(h.deps, token, { expirySeconds: 0 })).toBeUndefined();
  // Expired: deleted on the way.
  expect(await fetchToken(h.couch, token)).toBeUndefined();
  expect(await authenticateToken(h.deps, 'f'.repeat(64), { expirySeconds: 3600 })).toBeUndefined();
});

async function waitFor(check: () => boolean, deadlineMs = 10_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting for a condition');
    await new Promise((r) => setTimeout(r, 10));
  }
}
