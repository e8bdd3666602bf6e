import { createLogger, recordLogs } from '@tollgate/log';
import { startRepeating } from './repeat';

const log = createLogger('repeat-test');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('runs after each interval; a failed run is logged and the next one still comes', async () => {
  const logs = recordLogs();
  let runs = 0;
  let thirdRun: () => void = () => {};
  const third = new Promise<void>((r) => (thirdRun = r));
  const job = startRepeating({
    what: 'test job',
    log,
    intervalMs: async () => 20,
    run: async () => {
      runs++;
      if (runs === 3) thirdRun();
      if (runs === 1) throw new Error('first run breaks');
    },
  });
  try {
    await third;
  } finally {
    job.stop();
    logs.stop();
  }
  expect(runs).toBeGreaterThanOrEqual(3);
  expect(logs.entries.filter((e) => e.message === 'test job failed; the next one tries again')).toEqual([expect.objectContaining({ level: 'warn', error: 'first run breaks' })]);
});

test('stopped while the interval is being read, it never runs; idle() waits for a run in progress', async () => {
  let release: (ms: number) => void = () => {};
  let runs = 0;
  const job = startRepeating({ what: 'slow read', log, intervalMs: () => new Promise((r) => (release = r)), run: async () => void runs++ });
  // A twin that is not stopped, given the same interval just after: timers of one duration fire in
  // the order they were set, so once the twin has run, a run of the stopped job would have come first.
  let releaseTwin: (ms: number) => void = () => {};
  let twinRan: () => void = () => {};
  const twinRun = new Promise<void>((r) => (twinRan = r));
  const twin = startRepeating({ what: 'twin', log, intervalMs: () => new Promise((r) => (releaseTwin = r)), run: async () => twinRan() });
  job.stop();
  release(1);
  releaseTwin(1);
  await twinRun;
  twin.stop();
  expect(runs).toBe(0);

  let finished = false;
  let runStarted: () => void = () => {};
  const started = new Promise<void>((r) => (runStarted = r));
  const busy = startRepeating({
    what: 'busy',
    log,
    intervalMs: async () => 1,
    run: async () => {
      runStarted();
      await sleep(100);
      finished = true;
    },
  });
  await started;
  busy.stop();
  await busy.idle();
  expect(finished).toBe(true);
});
