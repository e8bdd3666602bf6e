// The rating service against the real broker, as a softswitch sees it.
import { accountDbName, GLOBAL_DBS } from '@tollgate/kazoo-db';
import { type Bus, type KazooMessage, RATE_REQ_ROUTING_KEY, rateReq } from '@tollgate/kazoo-bus';
import { randomHex } from '@tollgate/testing';
import { type Channel, type ChannelModel, connect } from 'amqplib';
import { type RatingFixture, rateDoc, seedDeck, startRatingFixture } from '../testing';

const RESELLER = 'a'.repeat(32);
const CUSTOMER = 'b'.repeat(32);
const OUTSIDER = 'c'.repeat(32);
const MASTER = 'f'.repeat(32);

let fx: RatingFixture;
let client: Bus;

beforeAll(async () => {
  fx = await startRatingFixture(async (couch) => {
    await couch.bulk('ratedeck', seedDeck());
    await couch.ensureDb('ratedeck/bulk');
    await couch.bulk('ratedeck/bulk', seedDeck(0.1));
    await couch.bulk(GLOBAL_DBS.services, [
      { _id: MASTER, pvt_type: 'service', pvt_reseller_id: MASTER },
      { _id: RESELLER, pvt_type: 'service', pvt_reseller_id: MASTER, ratedeck: { id: 'bulk', name: 'bulk' } },
      { _id: CUSTOMER, pvt_type: 'service', pvt_reseller_id: RESELLER },
      { _id: OUTSIDER, pvt_type: 'service', pvt_reseller_id: MASTER },
    ]);
    await couch.put(GLOBAL_DBS.accounts, { _id: CUSTOMER, pvt_type: 'account', name: 'customer', caller_id_options: { show_rate: true } });
    await couch.ensureDb(accountDbName(CUSTOMER));
    await couch.put(accountDbName(CUSTOMER), { _id: 'limits', pvt_type: 'limits', pvt_discounts: { did_us: { percentage: 10 }, international: { percentage: 25 } } });
  });
  client = fx.client();
}, 60_000);

afterAll(async () => {
  await fx?.stop();
});

const ask = (fields: KazooMessage) =>
  client.rpc('callmgr', RATE_REQ_ROUTING_KEY, rateReq.build({ 'Send-Empty': true, ...fields }, client.envelope()), { timeoutMs: 5000 });

/** A softswitch written with plain amqplib: its own exclusive queue bound to `targeted`, and a broadcast listener. */
class PlainSoftswitch {
  private constructor(
    private readonly conn: ChannelModel,
    private readonly ch: Channel,
    readonly queue: string,
    readonly replies: KazooMessage[],
    readonly broadcasts: KazooMessage[],
  ) {}

  static async connect(url: string): Promise<PlainSoftswitch> {
    const conn = await connect(url, { noDelay: true });
    const ch = await conn.createChannel();
    await ch.assertExchange('targeted', 'direct', { durable: false, autoDelete: false });
    await ch.assertExchange('callmgr', 'topic', { durable: false, autoDelete: false });
    const { queue } = await ch.assertQueue('', { exclusive: true, autoDelete: true });
    await ch.bindQueue(queue, 'targeted', queue);
    const bq = await ch.assertQueue('', { exclusive: true, autoDelete: true });
    await ch.bindQueue(bq.queue, 'callmgr', 'rate.resp.broadcast');
    const sw = new PlainSoftswitch(conn, ch, queue, [], []);
    await ch.consume(queue, (m) => m && sw.replies.push(JSON.parse(m.content.toString())), { noAck: true });
    await ch.consume(bq.queue, (m) => m && sw.broadcasts.push(JSON.parse(m.content.toString())), { noAck: true });
    return sw;
  }

  publish(body: string | object): void {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    this.ch.publish('callmgr', 'rate.req', Buffer.from(text), { contentType: 'application/json' });
  }

  request(msgId: string, fields: Record<string, unknown>): Record<string, unknown> {
    return {
      'Event-Category': 'rate',
      'Event-Name': 'req',
      'App-Name': 'ecallmgr',
      'App-Version': '4.3.0',
      Node: 'ecallmgr@fs1.example.com',
      'Server-ID': this.queue,
      'Msg-ID': msgId,
      ...fields,
    };
  }

  async waitFor(list: KazooMessage[], msgId: string, ms = 5000): Promise<KazooMessage> {
    const until = Date.now() + ms;
    for (;;) {
      const hit = list.find((m) => m['Msg-ID'] === msgId);
      if (hit) return hit;
      if (Date.now() > until) throw new Error(`no message with Msg-ID ${msgId} within ${ms} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async close(): Promise<void> {
    await this.conn.close();
  }
}

test('a Kazoo-format rate_req from a plain amqplib client gets a rate_resp with Kazoo 4.3 headers, and the broadcast', async () => {
  const sw = await PlainSoftswitch.connect(fx.amqpUrl);
  try {
    const msgId = randomHex(16);
    sw.publish(sw.request(msgId, { 'To-DID': '+15035551234', 'Call-ID': 'call-1@fs1', Direction: 'outbound', 'From-DID': '+14155550000' }));
    const resp = await sw.waitFor(sw.replies, msgId);
    expect(resp).toEqual({
      'App-Name': 'hotornot',
      'App-Version': '4.0.0',
      'Event-Category': 'rate',
      'Event-Name': 'resp',
      'Msg-ID': msgId,
      'Call-ID': 'call-1@fs1',
      Node: expect.any(String),
      'Server-ID': expect.any(String),
      Rate: '1000',
      'Rate-Increment': 60,
      'Rate-Minimum': '60',
      Surcharge: '0',
      Prefix: 1503,
      'Rate-Name': '1503',
      'Rate-Description': 'BRONZE',
      'Base-Cost': '1000',
      'Pvt-Cost': '0',
      'Rate-NoCharge-Time': 0,
      'Update-Callee-ID': false,
      'Ratedeck-ID': 'ratedeck',
    });
    expect(await sw.waitFor(sw.broadcasts, msgId)).toEqual(resp);
  } finally {
    await sw.close();
  }
});

test('invalid requests (no To-DID, bad Direction, not JSON) get no reply and do not hold up the queue', async () => {
  const sw = await PlainSoftswitch.connect(fx.amqpUrl);
  try {
    const bad = [randomHex(8), randomHex(8), randomHex(8)];
    sw.publish(sw.request(bad[0], {}));
    sw.publish(sw.request(bad[1], { 'To-DID': '+15035551234', Direction: 'sideways' }));
    sw.publish(sw.request(bad[2], { 'To-DID': '+15035551234', 'Send-Empty': 'maybe' }));
    sw.publish('{"To-DID": "+15035551234", not json');
    const good = randomHex(8);
    sw.publish(sw.request(good, { 'To-DID': '15035551234' }));
    expect((await sw.waitFor(sw.replies, good))['Rate-Description']).toBe('BRONZE');
    // A later request answered: every earlier one, taken off the queue before it, had its chance.
    const later = randomHex(8);
    sw.publish(sw.request(later, { 'To-DID': '15035551234' }));
    await sw.waitFor(sw.replies, later);
    expect(sw.replies.map((m) => m['Msg-ID'])).toEqual([good, later]);
  } finally {
    await sw.close();
  }
});

test('Send-Empty: no rate gives an empty rate_resp when asked for, and nothing otherwise', async () => {
  const empty = await ask({ 'To-DID': '+4420794600000' });
  expect(empty['Rate']).toBeUndefined();
  expect(empty).toMatchObject({ 'App-Name': 'hotornot', 'Event-Category': 'rate', 'Event-Name': 'resp' });
  const sw = await PlainSoftswitch.connect(fx.amqpUrl);
  try {
    const silent = randomHex(8);
    sw.publish(sw.request(silent, { 'To-DID': '+4420794600000', 'Send-Empty': false }));
    // A later request answered: the one before it had its chance, and got no answer.
    const later = randomHex(8);
    sw.publish(sw.request(later, { 'To-DID': '+4420794600000', 'Send-Empty': true }));
    await sw.waitFor(sw.replies, later);
    expect(sw.replies.map((m) => m['Msg-ID'])).toEqual([later]);
  } finally {
    await sw.close();
  }
  await expect(ask({ 'To-DID': '1', 'Send-Empty': true })).resolves.not.toHaveProperty('Rate');
});

test('the deck: Ratedeck-ID without an account; with one, its own deck, else its reseller’s, else the default', async () => {
  expect(await ask({ 'To-DID': '+15035551234', 'Ratedeck-ID': 'bulk' })).toMatchObject({ Rate: '100', 'Ratedeck-ID': 'bulk' });
  expect(await ask({ 'To-DID': '+15035551234', 'Account-ID': RESELLER, 'Ratedeck-ID': 'ratedeck' })).toMatchObject({ Rate: '100', 'Ratedeck-ID': 'bulk' });
  const customer = await ask({ 'To-DID': '+15035551234', 'Account-ID': CUSTOMER });
  expect(customer).toMatchObject({ Rate: '100', 'Ratedeck-ID': 'bulk', 'Update-Callee-ID': true });
  expect(await ask({ 'To-DID': '+15035551234', 'Account-ID': OUTSIDER, 'Ratedeck-ID': 'bulk' })).toMatchObject({ Rate: '1000', 'Ratedeck-ID': 'ratedeck' });
  expect(await ask({ 'To-DID': '+15035551234', 'Account-ID': MASTER })).toMatchObject({ 'Ratedeck-ID': 'ratedeck', 'Update-Callee-ID': false });
});

test('Discount-Percentage comes from the account’s limits doc, for the class of the number called', async () => {
  expect(await ask({ 'To-DID': '+15035551234', 'Account-ID': CUSTOMER })).toMatchObject({ 'Discount-Percentage': 10 });
  expect(await ask({ 'To-DID': '+18005551234', 'Account-ID': CUSTOMER })).not.toHaveProperty('Discount-Percentage'); // toll-free: none set
  expect(await ask({ 'To-DID': '+15035551234', 'Account-ID': RESELLER })).not.toHaveProperty('Discount-Percentage'); // no limits doc
  expect(await ask({ 'To-DID': '+15035551234' })).not.toHaveProperty('Discount-Percentage');
});

test('filter_list, sort_by_weight and mobile_rate come from system_config hotornot and apply live; defaults are written back', async () => {
  const doc = await fx.couch.get<Record<string, unknown> & { _id: string }>('system_config', 'hotornot');
  expect(doc?.default).toMatchObject({
    default_rate_minimum: 60,
    default_rate_increment: 60,
    default_rate_nocharge_time: 0,
    default_rate_surcharge: 0,
    default_rate_cost: 0,
    default_rate_internal_cost: 0,
    default_ratedeck: 'ratedeck',
    filter_list: ['direction', 'route_options', 'routes'],
    sort_by_weight: true,
    filter_by_resource_id: false,
  });
  await fx.couch.put('ratedeck', rateDoc('1504', 0.5, { _id: 'XX-1504-in', rate_suffix: 'in', direction: 'inbound', weight: 10 }));
  await fx.couch.put('ratedeck', rateDoc('1504', 0.9, { _id: 'XX-1504-out', rate_suffix: 'out', direction: ['outbound'], weight: 20 }));
  await waitUntil(async () => (await ask({ 'To-DID': '+15045551234', Direction: 'outbound' }))['Rate'] === '9000');
  expect((await ask({ 'To-DID': '+15045551234' }))['Rate']).toBe('5000'); // both directions pass: lower weight wins
  expect((await ask({ 'To-DID': '+15045551234', Direction: 'inbound' }))['Rate']).toBe('5000');

  await fx.config.setDefault('hotornot', 'filter_list', ['routes']);
  await waitUntil(async () => (await ask({ 'To-DID': '+15045551234', Direction: 'outbound' }))['Rate'] === '5000');
  await fx.config.setDefault('hotornot', 'sort_by_weight', false);
  await waitUntil(async () => (await ask({ 'To-DID': '+15045551234', Direction: 'outbound' }))['Rate'] === '9000');

  await fx.config.setDefault('hotornot', 'mobile_rate', { rate_cost: 0.02, rate_increment: 1, rate_minimum: 0, description: 'mobile' });
  await waitUntil(async () => (await ask({ 'To-DID': '+15035551234', 'Authorizing-Type': 'mobile' }))['Rate'] === '200');
  expect(await ask({ 'To-DID': '+15035551234', 'Authorizing-Type': 'mobile' })).toMatchObject({ 'Rate-Increment': 1, 'Rate-Minimum': '0', 'Rate-Description': 'mobile', 'Base-Cost': '200' });

  await fx.config.setDefault('hotornot', 'filter_list', ['direction', 'route_options', 'routes']);
  await fx.config.setDefault('hotornot', 'sort_by_weight', true);
  await fx.config.delete('hotornot', 'mobile_rate');
  await waitUntil(async () => (await ask({ 'To-DID': '+15045551234', Direction: 'outbound' }))['Rate'] === '9000');
});

test('several rating instances share one queue: each request is answered once, by one of them', async () => {
  const second = await fx.startAnother();
  await second.ready();
  const sw = await PlainSoftswitch.connect(fx.amqpUrl);
  try {
    const ids = Array.from({ length: 40 }, () => randomHex(8));
    for (const id of ids) sw.publish(sw.request(id, { 'To-DID': '+15035551234' }));
    for (const id of ids) await sw.waitFor(sw.replies, id);
    const nodes = new Set(sw.replies.map((m) => m.Node));
    expect(nodes.size).toBe(2);
    // Later requests until each instance has answered one: whatever either was given before, it answered by then.
    const later: string[] = [];
    const answeredLater = new Set<unknown>();
    while (answeredLater.size < nodes.size) {
      const id = randomHex(8);
      later.push(id);
      sw.publish(sw.request(id, { 'To-DID': '+15035551234' }));
      answeredLater.add((await sw.waitFor(sw.replies, id)).Node);
    }
    expect(sw.replies).toHaveLength(ids.length + later.length);
  } finally {
    await sw.close();
    await second.stop();
  }
});

async function waitUntil(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
