// rating's Prometheus metrics after real rate_req over the broker: the counter is exact, the latency
// histogram is there, answers without a rate are counted apart, and each deck's size is shown.
import { type Bus, type KazooMessage, RATE_REQ_ROUTING_KEY, rateReq } from '@tollgate/kazoo-bus';
import { waitFor } from '@tollgate/testing';
import { type RatingFixture, seedDeck, startRatingFixture } from '../testing';

let fx: RatingFixture;
let client: Bus;

beforeAll(async () => {
  fx = await startRatingFixture(async (couch) => {
    await couch.bulk('ratedeck', seedDeck());
  });
  client = fx.client();
}, 60_000);

afterAll(async () => {
  await fx?.stop();
});

/** The value of one series in a scrape, e.g. `tollgate_rating_rate_req_total{service="rating"}`. */
function sample(scrape: string, series: string): number | undefined {
  const line = scrape.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

test('after 1,000 rate_req the counter shows 1,000, with a latency histogram and the no-rate answers apart', async () => {
  const ask = (toDid: string) =>
    client.rpc('callmgr', RATE_REQ_ROUTING_KEY, rateReq.build({ 'To-DID': toDid, 'Send-Empty': true, 'Call-ID': `c-${toDid}` }, client.envelope()), { timeoutMs: 20_000 });
  const replies: KazooMessage[] = [];
  for (let batch = 0; batch < 20; batch++) {
    // 45 of each 50 match the deck (prefix 1), 5 do not (44…): 900 rated, 100 without a rate.
    const numbers = Array.from({ length: 50 }, (_, i) => (i < 45 ? `+1503555${String(batch * 50 + i).padStart(4, '0')}` : `+4420${String(batch * 50 + i).padStart(7, '0')}`));
    replies.push(...(await Promise.all(numbers.map(ask))));
  }
  expect(replies.filter((r) => r.Rate !== undefined)).toHaveLength(900);

  // Every reply is in; the counts follow each answer, so wait until the last one is counted.
  const scrape = await waitFor('1,000 rate_req counted', async () => {
    const text = await fx.metrics.scrape();
    return sample(text, 'tollgate_rating_rate_req_duration_seconds_count{service="rating"}') === 1000 ? text : undefined;
  });
  expect(sample(scrape, 'tollgate_rating_rate_req_total{service="rating"}')).toBe(1000);
  expect(sample(scrape, 'tollgate_rating_no_rate_total{service="rating"}')).toBe(100);
  expect(sample(scrape, 'tollgate_rating_rate_req_duration_seconds_bucket{le="+Inf",service="rating"}')).toBe(1000);
  expect(scrape).toMatch(/^# TYPE tollgate_rating_rate_req_duration_seconds histogram$/m);
  expect(sample(scrape, 'tollgate_rating_ratedeck_rates{service="rating",ratedeck="ratedeck"}')).toBe(seedDeck().length);
  expect(scrape).toMatch(/^tollgate_rating_index_build_seconds_count\{service="rating",ratedeck="ratedeck",restored="false"\} 1$/m);
});
