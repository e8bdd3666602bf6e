// A softswitch keeps sending rate_req while rating restarts on a deck that takes a while to index:
// a request is answered with its rate or waits, never with an empty "no rate" for a number in the
// deck. The second restart comes back from the deck's snapshot plus the changes made meanwhile.
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type KazooMessage, RATE_REQ_ROUTING_KEY, rateReq } from '@tollgate/kazoo-bus';
import type { RatingService } from '../index';
import { type RatingFixture, rateDoc, startRatingFixture } from '../testing';

const RATES = 30_000;
const PER_SECOND = 50;

const prefixOf = (i: number) => String(4470_0000 + i);
let fx: RatingFixture;

beforeAll(async () => {
  fx = await startRatingFixture(async (couch) => {
    const docs = Array.from({ length: RATES }, (_, i) => rateDoc(prefixOf(i), '0.0125'));
    await couch.bulk('ratedeck', docs, { batchSize: 2000 });
  });
}, 180_000);

afterAll(async () => {
  await fx?.stop();
});

/** Stops the running rating, starts another, and asks for rates all along until it has answered a few. */
/**
 * Answers by request, undefined for one that got none: on a loaded machine a restart may take
 * longer than rate_req's 5 s TTL, and a request that waited that long is dropped unanswered (its
 * softswitch has moved on) — never answered wrongly.
 */
async function restartUnderLoad(stopped: RatingService, before?: () => Promise<void>): Promise<{ answers: (KazooMessage | undefined)[]; numbers: number[] }> {
  const client = fx.client();
  const numbers: number[] = [];
  const ask = (i: number): Promise<KazooMessage> => {
    numbers.push(i);
    return client.rpc('callmgr', RATE_REQ_ROUTING_KEY, rateReq.build({ 'To-DID': `+${prefixOf(i)}77`, 'Send-Empty': true }, client.envelope()), {
      timeoutMs: 15_000,
    });
  };
  await stopped.stop();
  await before?.();
  const answers: Promise<KazooMessage>[] = [];
  let started = false;
  const restarted = fx.startAnother().then((s) => {
    started = true;
    return s;
  });
  // Requests while the new instance starts, then a few more once it answers.
  const afterStart: Promise<KazooMessage>[] = [];
  for (let n = 0; afterStart.length < 20; n++) {
    const answer = ask((n * 7919) % RATES);
    answers.push(answer);
    if (started) afterStart.push(answer);
    await new Promise((resolve) => setTimeout(resolve, 1000 / PER_SECOND));
  }
  fx.rating = await restarted;
  await Promise.all(afterStart); // once it answers, every request is answered
  const settled = await Promise.allSettled(answers);
  return { answers: settled.map((r) => (r.status === 'fulfilled' ? r.value : undefined)), numbers };
}

test('a restart under rate_req load answers every request with its rate, none with an empty "no rate"', async () => {
  // Without a snapshot: the deck is read from CouchDB again, which takes a while.
  const { answers } = await restartUnderLoad(fx.rating, async () => {
    for (const f of await readdir(fx.snapshotDir)) await rm(join(fx.snapshotDir, f));
  });
  const given = answers.filter((a) => a !== undefined);
  expect(given.filter((a) => a.Rate === undefined).length).toBe(0);
  expect(given.every((a) => a.Rate === '125')).toBe(true);
}, 180_000);

test('the next restart comes back from the snapshot, with the rates changed while rating was down', async () => {
  // The deck's snapshot was written after it was indexed (and again on stop).
  const { answers, numbers } = await restartUnderLoad(fx.rating, async () => {
    expect((await readdir(fx.snapshotDir)).some((f) => f.startsWith('ratedeck.') && f.endsWith('.snap'))).toBe(true);
    const edited = (await fx.couch.get('ratedeck', `XX-${prefixOf(0)}`))!;
    await fx.couch.put('ratedeck', { ...edited, rate_cost: '0.02' });
    const removed = (await fx.couch.get('ratedeck', `XX-${prefixOf(7919)}`))!;
    await fx.couch.put('ratedeck', { ...removed, _deleted: true });
  });
  expect(fx.rating.decks.list()).toEqual([expect.objectContaining({ ratedeckId: 'ratedeck', restored: true, rates: RATES - 1 })]);
  answers.forEach((a, k) => {
    if (a === undefined) return; // waited past its TTL: dropped, not answered wrongly
    const i = numbers[k];
    if (i === 7919) expect(a.Rate).toBeUndefined();
    else expect(a.Rate).toBe(i === 0 ? '200' : '125');
  });
}, 180_000);

test('a ratedeck db deleted and made again while rating was down is indexed from CouchDB, not from the old snapshot', async () => {
  await fx.rating.stop();
  expect((await readdir(fx.snapshotDir)).some((f) => f.endsWith('.snap'))).toBe(true);
  await fx.couch.destroyDb('ratedeck');
  await fx.couch.ensureDb('ratedeck');
  // As many writes as before (and more), so the new db's update_seq is not behind the snapshot's.
  const docs = Array.from({ length: RATES + 10 }, (_, i) => rateDoc(prefixOf(i), '0.03'));
  await fx.couch.bulk('ratedeck', docs, { batchSize: 2000 });
  fx.rating = await fx.startAnother();
  expect(fx.rating.decks.list()).toEqual([expect.objectContaining({ ratedeckId: 'ratedeck', restored: false, rates: RATES + 10 })]);
  expect(fx.rating.decks.current('ratedeck')?.get(`XX-${prefixOf(7919)}`)?.rateCost).toBe('0.03');
}, 180_000);
