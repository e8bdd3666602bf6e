import { gregorianNow } from '@tollgate/kazoo-db';
import { type TaskDoc, TaskStore } from '@tollgate/tasks';
import { TestCouch } from '@tollgate/testing';
import { claimToResume, claimToStart, Lease, type LeaseOptions } from './lease';

const couch = new TestCouch();
let store: TaskStore;

beforeAll(async () => {
  store = new TaskStore({ couch, db: await couch.freshDb('tasks-lease') });
});
afterAll(async () => {
  await couch.cleanup();
});

const worker = (name: string): LeaseOptions => ({ holder: `${name}/1/x`, node: `${name}@test`, ttlMs: 60_000, renewMs: 10_000, batchSize: 3 });

async function pendingTask(): Promise<TaskDoc> {
  const id = `task-${Math.random().toString(16).slice(2)}`;
  const now = gregorianNow();
  return store.create({ _id: id, pvt_type: 'task', pvt_account_id: 'a', pvt_auth_account_id: 'a', pvt_category: 'rates', pvt_action: 'import', pvt_created: now, pvt_modified: now, pvt_status: 'pending' });
}

test('each write through a lease records the heartbeat: when, and how often the holder renews', async () => {
  const task = await pendingTask();
  const claim = await claimToStart(store, task._id, worker('one'));
  if (!('claimed' in claim)) throw new Error(`not claimed: ${claim.refused}`);
  expect(claim.claimed).toMatchObject({ pvt_lease_holder: 'one/1/x', pvt_worker_node: 'one@test', pvt_lease_renew_ms: 10_000 });
  const lease = new Lease(store, claim.claimed, worker('one'));
  const before = Date.now();
  const saved = await lease.update(() => ({ pvt_committed_rows: 3 }));
  expect(saved.pvt_lease_renewed).toBeGreaterThanOrEqual(before);
  expect(saved.pvt_lease_expires).toBe((saved.pvt_lease_renewed as number) + 60_000);
});

test('a worker that lets its lease go (a paused task) can be taken over at once, not after the TTL', async () => {
  const task = await pendingTask();
  const claim = await claimToStart(store, task._id, worker('one'));
  if (!('claimed' in claim)) throw new Error(`not claimed: ${claim.refused}`);
  const lease = new Lease(store, claim.claimed, worker('one'));
  await lease.update(() => ({ pvt_lease_expires: 0 }));
  expect((await store.get(task._id))?.pvt_lease_expires).toBe(0);
  const heir = await claimToResume(store, task._id, worker('two'));
  expect(heir).toMatchObject({ claimed: { pvt_lease_holder: 'two/1/x', pvt_worker_node: 'two@test' } });
});
