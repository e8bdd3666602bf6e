// A softswitch keeps sending rate_req while the broker drops the rating service's connection: the
// work queue outlives its consumer, so every request is answered once rating is back.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { type KazooMessage, RATE_REQ_ROUTING_KEY, rateReq } from '@tollgate/kazoo-bus';
import { type RatingFixture, seedDeck, startRatingFixture } from '../testing';

const run = promisify(execFile);
const REQUESTS = 300;
const PER_SECOND = 100;

let fx: RatingFixture;

beforeAll(async () => {
  fx = await startRatingFixture(async (couch) => {
    await couch.bulk('ratedeck', seedDeck());
  });
}, 60_000);

afterAll(async () => {
  await fx?.stop();
});

/** The broker's handle of a bus's connection, found by its connection_name (`<app>@<node>`). */
async function connectionOf(connectionName: string): Promise<string> {
  // Every vhost's connections, as a table: the pid, then the client properties as an Erlang term.
  const { stdout } = await run('rabbitmqctl', ['list_connections', '-q', '--no-table-headers', 'pid', 'client_properties']);
  const mine = stdout.split('\n').filter((line) => line.includes(`{"connection_name","${connectionName}"}`));
  if (mine.length !== 1) throw new Error(`expected one connection named ${connectionName}, found ${mine.length}`);
  return mine[0].split('\t')[0];
}

test('closing the rating connection under 100 rate_req/s loses none of them', async () => {
  const client = fx.client();
  const ask = (n: number): Promise<KazooMessage> =>
    client.rpc('callmgr', RATE_REQ_ROUTING_KEY, rateReq.build({ 'To-DID': `+1503555${String(n).padStart(4, '0')}`, 'Send-Empty': true }, client.envelope()), {
      timeoutMs: 25_000,
    });
  expect((await ask(0)).Rate).toBeDefined();

  const pid = await connectionOf(`tollgate@${fx.bus.envelope().Node}`);
  const reconnected = new Promise<void>((resolve) => {
    const off = fx.bus.on('connected', () => {
      off();
      resolve();
    });
  });
  const answers: Promise<KazooMessage>[] = [];
  let closed: Promise<unknown> | undefined;
  for (let i = 1; i <= REQUESTS; i++) {
    answers.push(ask(i));
    // A third of the way in, while requests keep coming.
    if (i === REQUESTS / 3) closed = run('rabbitmqctl', ['close_connection', pid, 'rate_req reconnection test']);
    await new Promise((resolve) => setTimeout(resolve, 1000 / PER_SECOND));
  }
  await closed;
  await reconnected;
  const results = await Promise.allSettled(answers);
  const lost = results.filter((r) => r.status === 'rejected').length;
  expect(lost).toBe(0);
  // Each answer is the deck's rate for its number (1503 → BRONZE), not an empty "no rate".
  const rates = new Set(results.map((r) => (r.status === 'fulfilled' ? r.value['Rate-Description'] : undefined)));
  expect([...rates]).toEqual(['BRONZE']);
}, 120_000);
