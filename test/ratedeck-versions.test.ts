// Ratedeck versions (issue 19 item 4), end to end: a change to a deck staged as a new version by a
// rates import (`stage=true`), its dry run with exact counts, activation switching rating under a
// load of rate_req from a plain amqplib client (every answer the old or the new price, never a
// missing rate, never the old one after the new one), and rollback restoring the old prices.
import { type Loose, jsonOf } from '@tollgate/testing';
import { type Channel, type ChannelModel, connect } from 'amqplib';
import { startTestPlatform, type TestPlatform } from './support/platform';

const DECK = 'vers';
/** Rate i has prefix 15550000 + i (ids XX-1555xxxx). */
const prefixOf = (i: number) => 15550000 + i;
const numberOf = (i: number) => `+${prefixOf(i)}123`;

let platform: TestPlatform;
let H: Record<string, string>;

beforeAll(async () => {
  platform = await startTestPlatform({ services: ['crossbar-api', 'rating', 'tasks'] });
  H = { 'X-Auth-Token': await platform.login(platform.master.username, platform.master.password, platform.master.accountName) };
}, 120_000);

afterAll(async () => {
  await platform?.stop();
});

async function api(method: string, path: string, init: { headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: Loose }> {
  const res = await fetch(`${platform.url}${path}`, { method, headers: { ...H, ...init.headers }, body: init.body });
  return { status: res.status, body: await jsonOf(res) };
}

/** Runs a rates import task to its end (polling its status: the task's own signal). */
async function importRates(csv: string, query: string): Promise<Loose> {
  const put = await api('PUT', `/v2/tasks?category=rates&action=import&${query}`, { headers: { 'Content-Type': 'text/csv' }, body: csv });
  expect(put.status).toBe(201);
  const id = put.body.data._read_only.id as string;
  expect((await api('PATCH', `/v2/tasks/${id}`)).status).toBe(200);
  for (;;) {
    const task = (await api('GET', `/v2/tasks/${id}`)).body.data?._read_only;
    if (task && task.status !== 'executing' && task.status !== 'pending') return { ...task, id };
    await new Promise((r) => setTimeout(r, 100));
  }
}

function csvOf(rows: [number, string][]): string {
  return `prefix,rate_cost\n${rows.map(([i, cost]) => `${prefixOf(i)},${cost}`).join('\n')}\n`;
}

// Version 0 (the deck's own db): rates 0..1999 at $0.01.
const V0: [number, string][] = Array.from({ length: 2000 }, (_, i) => [i, '0.01']);
// The change: 0..99 removed, 100..109 at $0.5 (a 50-fold rise), 110..399 at $0.02, 400..1999 as they were, 2000..2149 added.
const V1: [number, string][] = [
  ...Array.from({ length: 300 }, (_, k): [number, string] => [100 + k, k < 10 ? '0.5' : '0.02']),
  ...Array.from({ length: 1600 }, (_, k): [number, string] => [400 + k, '0.01']),
  ...Array.from({ length: 150 }, (_, k): [number, string] => [2000 + k, '0.03']),
];
/** The numbers the load asks for: rates whose price differs between the versions. */
const LOAD = Array.from({ length: 300 }, (_, k) => 100 + k);
const UNITS = (dollars: string) => String(Math.round(Number(dollars) * 10_000));
const OLD = new Map(V0.map(([i, c]) => [numberOf(i), UNITS(c)]));
const NEW = new Map(V1.map(([i, c]) => [numberOf(i), UNITS(c)]));

interface Answer {
  seq: number;
  number: string;
  rate: string | undefined;
  version: 'old' | 'new' | 'wrong';
}

/** A softswitch in plain amqplib publishing rate_req without pause, `inFlight` at a time. */
class Load {
  readonly answers: Answer[] = [];
  private seq = 0;
  private readonly sent = new Map<string, { seq: number; number: string }>();
  private running = true;
  private waiters: { test: (a: Answer) => boolean; resolve: (a: Answer) => void }[] = [];

  private constructor(
    private readonly conn: ChannelModel,
    private readonly ch: Channel,
    private readonly queue: string,
  ) {}

  static async start(url: string, inFlight = 8): Promise<Load> {
    const conn = await connect(url, { noDelay: true });
    const ch = await conn.createChannel();
    await ch.assertExchange('targeted', 'direct', { durable: false, autoDelete: false });
    const { queue } = await ch.assertQueue('', { exclusive: true, autoDelete: true });
    await ch.bindQueue(queue, 'targeted', queue);
    const load = new Load(conn, ch, queue);
    await ch.consume(queue, (m) => m && load.onReply(JSON.parse(m.content.toString())), { noAck: true });
    for (let i = 0; i < inFlight; i++) load.publish();
    return load;
  }

  private publish(): void {
    if (!this.running) return;
    const seq = this.seq++;
    const number = numberOf(LOAD[seq % LOAD.length]);
    const msgId = `load-${seq}`;
    this.sent.set(msgId, { seq, number });
    const req = {
      'Event-Category': 'rate',
      'Event-Name': 'req',
      'App-Name': 'ecallmgr',
      'App-Version': '4.3.0',
      Node: 'ecallmgr@fs1.example.com',
      'Server-ID': this.queue,
      'Msg-ID': msgId,
      'To-DID': number,
      'Ratedeck-ID': DECK,
      'Send-Empty': true,
    };
    this.ch.publish('callmgr', 'rate.req', Buffer.from(JSON.stringify(req)), { contentType: 'application/json' });
  }

  private onReply(msg: Record<string, unknown>): void {
    const asked = this.sent.get(String(msg['Msg-ID']));
    if (!asked) return;
    this.sent.delete(String(msg['Msg-ID']));
    const rate = typeof msg.Rate === 'string' ? msg.Rate : undefined;
    const version = rate === OLD.get(asked.number) ? 'old' : rate === NEW.get(asked.number) ? 'new' : 'wrong';
    const answer: Answer = { ...asked, rate, version };
    this.answers.push(answer);
    for (const w of this.waiters.filter((x) => x.test(answer))) w.resolve(answer);
    this.waiters = this.waiters.filter((x) => !x.test(answer));
    this.publish();
  }

  /** Resolves with the first answer from now on that passes `test`. */
  next(test: (a: Answer) => boolean): Promise<Answer> {
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  /** Resolves once `n` more answers have come. */
  async more(n: number): Promise<void> {
    const target = this.answers.length + n;
    await this.next(() => this.answers.length >= target);
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.conn.close();
  }
}

/** Answers by arrival: every one a price of one version, and the versions in one switch at most (`from` then `to`). */
function expectOneSwitch(answers: Answer[], from: Answer['version'], to: Answer['version']): void {
  expect(answers.filter((a) => a.version === 'wrong')).toEqual([]);
  const firstTo = answers.findIndex((a) => a.version === to);
  const afterSwitch = firstTo < 0 ? [] : answers.slice(firstTo).filter((a) => a.version === from);
  expect(afterSwitch).toEqual([]);
}

test('a staged change: dry run with exact counts, atomic activation under rate_req load, rollback to the old prices', async () => {
  // Version 0: a plain import into the deck's own db.
  expect(await importRates(csvOf(V0), `ratedeck_id=${DECK}`)).toMatchObject({ status: 'success', success_count: 2000 });

  const load = await Load.start(platform.amqpUrl);
  try {
    await load.next((a) => a.version === 'old');

    // Staged while rating answers from version 0: nothing of the import is ever used.
    const staged = await importRates(csvOf(V1), `ratedeck_id=${DECK}&stage=true`);
    expect(staged).toMatchObject({ status: 'success', success_count: 2050 });
    await load.more(100);
    expect(load.answers.filter((a) => a.version !== 'old')).toEqual([]);

    const versions = (await api('GET', `/v2/ratedecks/${DECK}/versions`)).body.data;
    const v1 = versions.versions.find((v: Loose) => v.task_id === staged.id);
    expect(v1).toMatchObject({ version: 1, db: `ratedeck/${DECK}/v/1`, state: 'staged', rate_count: 2050 });
    expect(versions).toMatchObject({ active: 0, previous: null });

    // The dry run: exact counts against the active version, samples, the 50-fold rises flagged.
    const dry = await api('GET', `/v2/ratedecks/${DECK}/versions/1/diff`);
    expect(dry.status).toBe(200);
    expect(dry.body.data).toMatchObject({
      ratedeck_id: DECK,
      from_version: 0,
      to_version: 1,
      from_rates: 2000,
      to_rates: 2050,
      added: { count: 150 },
      removed: { count: 100 },
      changed: { count: 300 },
      unchanged: 1600,
      price_moves: { factor: 10, count: 10, rises: 10, falls: 0 },
    });
    expect(dry.body.data.added.sample[0]).toEqual({ id: `XX-${prefixOf(2000)}`, prefix: prefixOf(2000), rate_cost: 0.03 });
    expect(dry.body.data.price_moves.sample[0]).toEqual({ id: `XX-${prefixOf(100)}`, prefix: prefixOf(100), from: 0.01, to: 0.5, ratio: 50 });

    // Bad input: a clear 400 / 404 / 409, and the pointer is as it was.
    expect((await api('POST', `/v2/ratedecks/${DECK}/versions/abc/activate`)).body).toMatchObject({ error: '400', data: { version: { type: {} } } });
    expect((await api('POST', `/v2/ratedecks/${DECK}/versions/9/activate`)).status).toBe(404);
    expect((await api('POST', `/v2/ratedecks/${DECK}/rollback`)).status).toBe(409);
    expect((await api('POST', '/v2/ratedecks/Bad%20Deck/rollback')).status).toBe(400);
    expect((await api('GET', `/v2/ratedecks/${DECK}/versions`)).body.data).toMatchObject({ active: 0, previous: null });

    // Activate: the pointer only; rating switches at once, whole.
    const mark = load.answers.length;
    const activated = await api('POST', `/v2/ratedecks/${DECK}/versions/1/activate`);
    expect(activated.status).toBe(200);
    expect(activated.body.data).toMatchObject({ active: 1, previous: 0, dropped_versions: [], derived_ratedecks: [] });
    const firstNew = await load.next((a) => a.version === 'new');
    await load.more(300);
    const switched = load.answers.slice(mark);
    expectOneSwitch(switched, 'old', 'new');
    expect(load.answers.filter((a) => a.seq > firstNew.seq + 8 && a.version !== 'new')).toEqual([]); // every request sent after the first new answer

    // crossbar's rates of the deck are the active version's.
    expect((await api('GET', `/v2/rates/XX-${prefixOf(2000)}?ratedeck_id=${DECK}`)).body.data).toMatchObject({ rate_cost: 0.03 });
    expect((await api('GET', `/v2/rates/XX-${prefixOf(50)}?ratedeck_id=${DECK}`)).status).toBe(404);

    // Rollback: the previous version (still indexed) rates again.
    const mark2 = load.answers.length;
    const rolled = await api('POST', `/v2/ratedecks/${DECK}/rollback`);
    expect(rolled.body.data).toMatchObject({ active: 0, previous: 1 });
    const firstOld = await load.next((a) => a.version === 'old');
    await load.more(300);
    expectOneSwitch(load.answers.slice(mark2), 'new', 'old');
    expect(load.answers.filter((a) => a.seq > firstOld.seq + 8 && a.version !== 'old')).toEqual([]);
    expect((await api('GET', `/v2/rates/XX-${prefixOf(50)}?ratedeck_id=${DECK}`)).body.data).toMatchObject({ rate_cost: 0.01 });
  } finally {
    await load.stop();
  }
  // No answer of the whole run was missing or of no version.
  expect(load.answers.length).toBeGreaterThan(800);
  expect(load.answers.filter((a) => a.rate === undefined)).toEqual([]);
}, 240_000);

test('a staged import stopped half way leaves its version failed: never activatable', async () => {
  const rows: [number, string][] = Array.from({ length: 20_000 }, (_, i) => [5000 + i, '0.04']);
  const put = await api('PUT', `/v2/tasks?category=rates&action=import&ratedeck_id=${DECK}-stop&stage=true`, { headers: { 'Content-Type': 'text/csv' }, body: csvOf(rows) });
  expect(put.status).toBe(201);
  const id = put.body.data._read_only.id as string;
  expect((await api('PATCH', `/v2/tasks/${id}`)).status).toBe(200);
  expect((await api('PATCH', `/v2/tasks/${id}/stop`)).status).toBeLessThan(300);
  let task: Loose;
  for (;;) {
    task = (await api('GET', `/v2/tasks/${id}`)).body.data?._read_only;
    if (task && task.status !== 'executing' && task.status !== 'pending') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(task.status).toBe('stopped');
  const versions = (await api('GET', `/v2/ratedecks/${DECK}-stop/versions`)).body.data;
  const version = versions.versions.find((v: Loose) => v.task_id === id);
  expect(version).toMatchObject({ state: 'failed' });
  expect((await api('POST', `/v2/ratedecks/${DECK}-stop/versions/${version.version}/activate`)).status).toBe(409);
}, 240_000);
