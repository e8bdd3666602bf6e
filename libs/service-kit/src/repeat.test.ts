import { createLogger, recordLogs } from '@tollgate/log';
import { startRepeating } from './repeat';

const log = createLogger('repeat-test');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('runs after each interval; a failed run is logged and the next one still comes', async () => {
  const logs = recordLogs();
  let runs = 0;
  const job = startRepeating({
    what: 'test job',
    log,
    intervalMs: async () => 20,
    run: async () => {
      runs++;
      if (runs === 1) throw new Error('first run breaks');
    },
  });
  try {
    for (let i = 0; i < 500 && runs < 3; i++) await sleep(10);
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
  job.stop();
  release(1);
  await sleep(50);
  expect(runs).toBe(0);

  let finished = false;
  const busy = startRepeating({
    what: 'busy',
    log,
    intervalMs: async () => 1,
    run: async () => {
      await sleep(100);
      finished = true;
    },
  });
  await sleep(30);
  busy.stop();
  await busy.idle();
  expect(finished).toBe(true);
});
