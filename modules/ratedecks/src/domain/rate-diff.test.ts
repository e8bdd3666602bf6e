import type { RateDoc } from './rate-doc';
import { diffRates, diffRateStreams, RateOrderError } from './rate-diff';

function rate(id: string, prefix: number, cost: number, extra: Partial<RateDoc> = {}): RateDoc {
  return { _id: id, pvt_type: 'rate', prefix, rate_cost: cost, rate_name: String(prefix), weight: 40, routes: [`^\\+${prefix}(\\d*)$`], ...extra };
}

const OPTS = { sampleSize: 2, priceMoveFactor: 10 };

test('exact counts of added, removed, changed and unchanged rates, by rate id', () => {
  const from = [rate('US-1415', 1415, 0.01), rate('US-1503', 1503, 0.02), rate('GB-44', 44, 0.05), rate('FR-33', 33, 0.1), rate('XX-1', 1, 0.2)];
  const to = [
    rate('US-1415', 1415, 0.01, { pvt_modified: 99, pvt_task_id: 'other' }), // bookkeeping only: unchanged
    rate('US-1503', 1503, 0.03), // changed cost
    rate('GB-44', 44, 0.05, { direction: ['outbound'] }), // changed direction
    rate('DE-49', 49, 0.04), // added
    rate('IT-39', 39, 0.04), // added
    rate('ES-34', 34, 0.04), // added
  ];
  const d = diffRates(from, to, OPTS);
  expect(d.from_rates).toBe(5);
  expect(d.to_rates).toBe(6);
  expect(d.added.count).toBe(3);
  expect(d.added.sample).toHaveLength(2); // the sample is capped, the count is not
  expect(d.removed).toEqual({ count: 2, sample: [rate('FR-33', 33, 0.1), rate('XX-1', 1, 0.2)].map((r) => ({ id: r._id, prefix: r.prefix, rate_cost: r.rate_cost })) });
  expect(d.changed.count).toBe(2);
  expect(d.changed.sample).toEqual([
    { id: 'GB-44', prefix: 44, changes: { direction: { from: null, to: ['outbound'] } } },
    { id: 'US-1503', prefix: 1503, changes: { rate_cost: { from: 0.02, to: 0.03 } } },
  ]);
  expect(d.unchanged).toBe(1);
  expect(d.price_moves.count).toBe(0);
});

test('price moves at or beyond the factor are flagged, both ways, and any move from 0', () => {
  const from = [rate('A-1', 1, 0.01), rate('A-2', 2, 0.01), rate('A-3', 3, 0.01), rate('A-4', 4, 0.01), rate('A-5', 5, 0), rate('A-6', 6, 0.01)];
  const to = [rate('A-1', 1, 0.1), rate('A-2', 2, 0.099), rate('A-3', 3, 0.001), rate('A-4', 4, 0.0011), rate('A-5', 5, 0.01), rate('A-6', 6, 0)];
  const d = diffRates(from, to, { sampleSize: 10, priceMoveFactor: 10 });
  expect(d.changed.count).toBe(6);
  expect(d.price_moves.sample.map((m) => m.id)).toEqual(['A-1', 'A-3', 'A-5', 'A-6']);
  expect(d.price_moves).toMatchObject({ factor: 10, count: 4, rises: 2, falls: 2 });
  expect(d.price_moves.sample[0]).toEqual({ id: 'A-1', prefix: 1, from: 0.01, to: 0.1, ratio: 10 });
  expect(d.price_moves.sample[2].ratio).toBeNull();
});

async function* pages<T>(items: T[], size: number): AsyncGenerator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

test('the streamed comparison (two decks in id order, a page at a time) equals the in-memory one', async () => {
  const from: RateDoc[] = [];
  const to: RateDoc[] = [];
  for (let i = 0; i < 500; i++) {
    const id = `XX-${1000 + i}`;
    if (i % 7 !== 0) from.push(rate(id, 1000 + i, 0.01));
    if (i % 5 !== 0) to.push(rate(id, 1000 + i, i % 3 === 0 ? 0.5 : 0.01));
  }
  const streamed = await diffRateStreams(pages(from, 37), pages(to, 11), { sampleSize: 3, priceMoveFactor: 10 });
  expect(streamed).toEqual(diffRates(from, to, { sampleSize: 3, priceMoveFactor: 10 }));
  expect(streamed.added.count + streamed.changed.count + streamed.unchanged).toBe(to.length);
  expect(streamed.removed.count + streamed.changed.count + streamed.unchanged).toBe(from.length);
});

test('a side not in id order is refused, so the caller compares in memory instead of miscounting', async () => {
  await expect(diffRateStreams(pages([rate('B-2', 2, 1), rate('A-1', 1, 1)], 5), pages([], 5), OPTS)).rejects.toBeInstanceOf(RateOrderError);
});
