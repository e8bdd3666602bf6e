// What /health and the lag metric read of a follower: listed while it runs, behind while a batch is
// being handled, caught up (lag 0) once it has seen every change, gone once stopped.
import { randomBytes } from 'node:crypto';
import { type Change, ChangesFollower, followerStates } from './changes-follower';
import { Couch } from './couch';
import { storageTargets } from './storage-targets';

const [[, url]] = storageTargets();
const couch = new Couch(url);
let db: string;

beforeAll(async () => {
  db = `follower-lag-${randomBytes(4).toString('hex')}`;
  await couch.ensureDb(db);
});

afterAll(async () => {
  await couch.destroyDb(db);
});

test('a follower is behind while it handles a batch, caught up with lag 0 after, and unlisted once stopped', async () => {
  let release: () => void = () => undefined;
  const handling = new Promise<void>((resolve) => {
    release = resolve;
  });
  let inHandler: () => void = () => undefined;
  const entered = new Promise<void>((resolve) => {
    inHandler = resolve;
  });
  const follower = new ChangesFollower({
    couchUrl: couch.url,
    db,
    checkpoint: 'lag-test',
    onChanges: async (_changes: Change[]) => {
      inHandler();
      await handling;
    },
  }).start();
  try {
    await follower.waitCaughtUp();
    expect(followerStates()).toContainEqual({ db, name: 'lag-test', caughtUp: true, lagSeconds: 0 });
    await couch.put(db, { _id: 'one' });
    await entered; // the batch with the new doc is being handled
    const behind = followerStates().find((s) => s.db === db);
    expect(behind).toMatchObject({ caughtUp: false });
    expect(behind?.lagSeconds).toBeGreaterThanOrEqual(0);
    release();
    // the handler returned and the position was saved: caught up again
    for (;;) {
      const s = followerStates().find((f) => f.db === db);
      if (s?.caughtUp) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(followerStates().find((s) => s.db === db)).toMatchObject({ caughtUp: true, lagSeconds: 0 });
  } finally {
    release();
    await follower.stop();
  }
  expect(followerStates().some((s) => s.db === db)).toBe(false);
});
