// rate.number, the request crossbar's rates/number sends, against the real broker and CouchDB.
import { GLOBAL_DBS } from '@tollgate/kazoo-db';
import { type Bus, type KazooMessage, RATE_NUMBER_ROUTING_KEY, RATE_NUMBERS_ROUTING_KEY, rateNumbersReq } from '@tollgate/kazoo-bus';
import { type RatingFixture, rateDoc, seedDeck, startRatingFixture } from '../testing';

const RESELLER = 'a'.repeat(32);
const CUSTOMER = 'b'.repeat(32);

let fx: RatingFixture;
let client: Bus;

beforeAll(async () => {
  fx = await startRatingFixture(async (couch) => {
    await couch.bulk('ratedeck', [...seedDeck(), rateDoc('44', '0.00125', { rate_minimum: 30, rate_increment: 6, rate_surcharge: 0.05, description: 'UK' })]);
    await couch.ensureDb('ratedeck/bulk');
    await couch.bulk('ratedeck/bulk', seedDeck(0.1));
    await couch.bulk(GLOBAL_DBS.services, [
      { _id: RESELLER, pvt_type: 'service', pvt_reseller_id: 'f'.repeat(32) },
      { _id: CUSTOMER, pvt_type: 'service', pvt_reseller_id: RESELLER },
    ]);
  });
  client = fx.client();
}, 60_000);

afterAll(async () => {
  await fx?.stop();
});

const ask = (fields: KazooMessage) =>
  client.rpc('callmgr', RATE_NUMBER_ROUTING_KEY, { ...client.envelope(), 'Event-Category': 'rate', 'Event-Name': 'number_req', ...fields }, { timeoutMs: 5000 });

test('a rateable number gets the REST view with the seed’s types', async () => {
  const resp = await ask({ Number: '15035551234' });
  expect(resp).toMatchObject({ 'App-Name': 'hotornot', 'Event-Name': 'number_resp', Outcome: 'rated', 'E164-Number': '+15035551234' });
  expect(resp.Rate).toEqual({
    'Base-Cost': 0.1,
    'E164-Number': '+15035551234',
    Prefix: '1503',
    Rate: 0.1,
    'Rate-Description': 'BRONZE',
    'Rate-Increment': 60,
    'Rate-Minimum': '60',
    'Rate-Name': '1503',
    'Ratedeck-ID': 'ratedeck',
    Surcharge: 0,
  });
});

test('unrateable and unrated numbers are told apart', async () => {
  expect(await ask({ Number: '123' })).toMatchObject({ Outcome: 'unrateable' });
  expect(await ask({ Number: '+4923456789' })).toMatchObject({ Outcome: 'no_rate', 'E164-Number': '+4923456789' });
});

test('Duration adds the exact Cost; the carrier’s decimals survive', async () => {
  const resp = await ask({ Number: '+442079460000', Duration: 125 });
  // 30 s minimum + 16 × 6 s = 126 s at $0.00125/min + $0.05 = $0.052625 → 526 units
  expect(resp.Rate).toMatchObject({ Rate: 0.00125, Surcharge: 0.05, 'Rate-Minimum': '30', 'Rate-Increment': 6, Cost: 0.0526, 'Base-Cost': 0.0506 });
});

test('Explain says which deck and why, and what dropped each candidate', async () => {
  const resp = await ask({ Number: '15035551234', Explain: true, Direction: 'outbound', 'Account-ID': CUSTOMER });
  const explain = resp.Explain as Record<string, unknown>;
  expect(explain).toMatchObject({
    number: { given: '+15035551234', e164: '+15035551234' },
    ratedeck: { id: 'ratedeck', reason: 'default', account_id: CUSTOMER, reseller_id: RESELLER, indexed: true },
    filters: ['direction', 'route_options', 'routes'],
    sort_by: 'weight',
  });
  expect((explain.candidates as Record<string, unknown>[]).map((c) => [c.prefix, c.selected ?? c.dropped_by ?? 'passed'])).toEqual([
    ['1503', true],
    ['150', 'passed'],
    ['15', 'passed'],
    ['1', 'passed'],
  ]);
});

test('a ratedeck just assigned on the services doc is seen at once, without waiting for _changes', async () => {
  await fx.couch.update(GLOBAL_DBS.services, RESELLER, (cur) => ({ ...cur!, ratedeck: { id: 'bulk', name: 'bulk' } }));
  const resp = await ask({ Number: '15035551234', 'Account-ID': CUSTOMER, Explain: true });
  expect(resp.Rate).toMatchObject({ 'Ratedeck-ID': 'bulk', Rate: 0.01 });
  expect(resp.Explain).toMatchObject({ ratedeck: { reason: 'reseller', reseller_id: RESELLER } });
});

test('rate.numbers answers many questions in one reply, in order, each as rate.number would', async () => {
  const resp = await client.rpc(
    'callmgr',
    RATE_NUMBERS_ROUTING_KEY,
    rateNumbersReq.build(
      {
        Queries: [
          { Number: '+442079460000', Duration: 125 },
          { Number: '123' },
          { Number: '15035551234', 'Account-ID': CUSTOMER, Direction: 'outbound', Duration: 60 },
          { Number: '+4923456789' },
        ],
      },
      client.envelope(),
    ),
    { timeoutMs: 5000 },
  );
  expect(resp).toMatchObject({ 'Event-Name': 'numbers_resp' });
  const answers = resp.Answers as Record<string, unknown>[];
  expect(answers).toHaveLength(4);
  expect(answers[0]).toMatchObject({ Outcome: 'rated', Rate: { Rate: 0.00125, Cost: 0.0526 } });
  expect(answers[1]).toMatchObject({ Outcome: 'unrateable' });
  expect(answers[2]).toMatchObject({ Outcome: 'rated', 'E164-Number': '+15035551234', Rate: { Cost: expect.any(Number) } });
  expect(answers[3]).toMatchObject({ Outcome: 'no_rate' });
  // A query with a field rate.number does not know makes the whole request invalid: no reply,
  // while the request sent after it is answered.
  let answered = false;
  void client
    .rpc('callmgr', RATE_NUMBERS_ROUTING_KEY, { ...client.envelope(), 'Event-Category': 'rate', 'Event-Name': 'numbers_req', Queries: [{ Number: '1', Secret: 1 }] }, { timeoutMs: 30_000 })
    .then(
      () => {
        answered = true;
      },
      () => undefined,
    );
  const next = await client.rpc('callmgr', RATE_NUMBERS_ROUTING_KEY, rateNumbersReq.build({ Queries: [{ Number: '123' }] }, client.envelope()), { timeoutMs: 5000 });
  expect(next.Answers).toEqual([{ Outcome: 'unrateable', 'E164-Number': expect.any(String) }]);
  expect(answered).toBe(false);
});
