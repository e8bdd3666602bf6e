// Rating answers from memory: with the CouchDB server stopped, rate_req still gets the right rate
// from the right deck for the right account.
import { GLOBAL_DBS } from '@tollgate/kazoo-db';
import { type Bus, type KazooMessage, RATE_REQ_ROUTING_KEY, rateReq } from '@tollgate/kazoo-bus';
import { type RatingFixture, seedDeck, startRatingFixture } from '../testing';

const RESELLER = 'a'.repeat(32);
const CUSTOMER = 'b'.repeat(32);

let fx: RatingFixture;
let client: Bus;

beforeAll(async () => {
  fx = await startRatingFixture(async (couch) => {
    await couch.bulk('ratedeck', seedDeck());
    await couch.ensureDb('ratedeck/bulk');
    await couch.bulk('ratedeck/bulk', seedDeck(0.1));
    await couch.bulk(GLOBAL_DBS.services, [
      { _id: RESELLER, pvt_type: 'service', pvt_reseller_id: 'f'.repeat(32), ratedeck: { id: 'bulk', name: 'bulk' } },
      { _id: CUSTOMER, pvt_type: 'service', pvt_reseller_id: RESELLER },
    ]);
  });
  client = fx.client();
}, 60_000);

afterAll(async () => {
  await fx?.stop();
}, 30_000);

const ask = (fields: KazooMessage) =>
  client.rpc('callmgr', RATE_REQ_ROUTING_KEY, rateReq.build({ 'Send-Empty': true, ...fields }, client.envelope()), { timeoutMs: 5000 });

test('with the CouchDB server stopped, rate_req is answered from memory', async () => {
  expect(await ask({ 'To-DID': '+15035551234', 'Account-ID': CUSTOMER })).toMatchObject({ Rate: '100', 'Ratedeck-ID': 'bulk' });
  await fx.server.close();
  await expect(fx.couch.listDbs()).rejects.toThrow(); // really down

  expect(await ask({ 'To-DID': '+15035551234', 'Account-ID': CUSTOMER })).toMatchObject({ Rate: '100', 'Ratedeck-ID': 'bulk', 'Rate-Description': 'BRONZE' });
  expect(await ask({ 'To-DID': '+15035551234' })).toMatchObject({ Rate: '1000', 'Ratedeck-ID': 'ratedeck' });
  expect(await ask({ 'To-DID': '+15035551234', 'Ratedeck-ID': 'bulk' })).toMatchObject({ Rate: '100' });
  // a deck it never saw cannot be read now: an empty answer, quickly, not a hang
  expect(await ask({ 'To-DID': '+15035551234', 'Ratedeck-ID': 'never-seen' })).not.toHaveProperty('Rate');
  // many at once, as a softswitch would send them
  const many = await Promise.all(Array.from({ length: 50 }, () => ask({ 'To-DID': '+15035551234', 'Account-ID': RESELLER })));
  for (const r of many) expect(r).toMatchObject({ Rate: '100', 'Ratedeck-ID': 'bulk' });
});
