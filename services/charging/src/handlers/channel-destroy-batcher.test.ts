// Group commit: what arrives during a write waits for the next batch; a failing batch is written
// again until it is, and every item of it settles once.
import { Batcher } from './channel-destroy-batcher';

test('items that arrive while a batch is written form the next batch; each settles after its own batch', async () => {
  const batches: number[][] = [];
  let release!: () => void;
  const firstWritten = new Promise<void>((r) => {
    release = r;
  });
  const batcher = new Batcher<number>({
    maxBatch: 3,
    run: async (items) => {
      batches.push(items);
      if (batches.length === 1) await firstWritten;
    },
  });
  const settled: number[] = [];
  const push = (n: number) => batcher.push(n).then(() => settled.push(n));
  const first = push(1);
  await new Promise((r) => setImmediate(r));
  const later = [2, 3, 4, 5].map(push);
  await new Promise((r) => setImmediate(r));
  expect(batches).toEqual([[1]]);
  expect(settled).toEqual([]);
  release();
  await Promise.all([first, ...later]);
  expect(batches).toEqual([[1], [2, 3, 4], [5]]);
  expect(settled).toEqual([1, 2, 3, 4, 5]);
  await batcher.stop();
});

test('a batch that fails is written again until it is; stopped, it leaves its items unsettled', async () => {
  let attempts = 0;
  const batcher = new Batcher<string>({
    maxBatch: 10,
    run: async () => {
      attempts++;
      if (attempts < 3) throw new Error('CouchDB away');
    },
  });
  await batcher.push('a');
  expect(attempts).toBe(3);

  let tries = 0;
  const failing = new Batcher<string>({
    maxBatch: 10,
    run: async () => {
      tries++;
      throw new Error('still away');
    },
  });
  let settled = false;
  void failing.push('b').then(() => {
    settled = true;
  });
  while (tries === 0) await new Promise((r) => setImmediate(r));
  await failing.stop();
  expect(settled).toBe(false);
});
