// DocWriter against the real CouchDB and RabbitMQ of the test run: every write announced as Kazoo
// announces it, and the types in datamgr change_notice_exclude_types left out, live.
import { SystemConfig } from '@tollgate/config';
import { type Bus, createAmqpBus, docBindingKey, type KazooMessage } from '@tollgate/kazoo-bus';
import { amqpUrl, TestCouch, waitFor } from '@tollgate/testing';
import { datamgrSettings } from './config';
import { DocWriter } from './doc-writer';

const couch = new TestCouch();
let bus: Bus;
let config: SystemConfig;
let db: string;
const events: KazooMessage[] = [];

/** The events of `db` received so far, as [Event-Name, ID, Type]. */
const announced = () => events.map((e) => [e['Event-Name'], e.ID, e.Type]);

/** Waits for the event of the doc `id`: every event published before it has arrived too. */
const seen = (id: string) => waitFor(`the event of ${id}`, async () => (events.some((e) => e.ID === id) ? true : undefined));

beforeAll(async () => {
  db = await couch.freshDb('docwriter');
  config = new SystemConfig({ couch, node: 'tollgate@docwriter-test', db: await couch.freshDb('sysconf') });
  await config.start();
  bus = createAmqpBus({ url: amqpUrl(), appName: 'docwriter-test', appVersion: '0.0.1' });
  await bus.consume({ bindings: [{ exchange: 'configuration', routingKey: docBindingKey({ db }) }] }, (msg) => void events.push(msg));
});

afterAll(async () => {
  await bus.close();
  await config.stop();
  await couch.cleanup();
});

beforeEach(() => {
  events.length = 0;
});

test('put, update and remove each publish their document event (doc_created, doc_edited, doc_deleted)', async () => {
  const writer = new DocWriter({ couch, bus, config });
  const saved = await writer.put(db, { _id: 'w1', pvt_type: 'widget', size: 1 });
  await writer.update(db, 'w1', (cur) => (cur ? { ...cur, size: 2 } : undefined));
  await writer.update(db, 'w1', () => undefined); // nothing written, nothing announced
  await writer.put(db, { _id: 'w2', pvt_type: 'widget' });
  await writer.removeRevision(db, (await couch.get(db, 'w2')) as { _id: string; _rev: string });
  await writer.remove(db, 'w1');
  await waitFor('five events', async () => (events.length >= 5 ? true : undefined));
  expect(announced()).toEqual([
    ['doc_created', 'w1', 'widget'],
    ['doc_edited', 'w1', 'widget'],
    ['doc_created', 'w2', 'widget'],
    ['doc_deleted', 'w2', 'widget'],
    ['doc_deleted', 'w1', 'widget'],
  ]);
  expect(events[0]).toMatchObject({ 'Event-Category': 'configuration', Database: db, Rev: saved._rev });
});

test('types in change_notice_exclude_types are written but not announced; the list is read live', async () => {
  const writer = new DocWriter({ couch, bus, config });
  await writer.put(db, { _id: 'r1', pvt_type: 'rate' });
  await writer.bulk(db, [{ _id: 'r2', pvt_type: 'rate' }, { _id: 'b1', pvt_type: 'widget' }]);
  await writer.put(db, { _id: 'later1', pvt_type: 'widget' }); // published after the rates: once seen, theirs had their chance
  await seen('later1');
  expect(announced()).toEqual([
    ['doc_created', 'b1', 'widget'],
    ['doc_created', 'later1', 'widget'],
  ]);
  expect(await couch.get(db, 'r1')).toMatchObject({ pvt_type: 'rate' });

  await config.set('datamgr', 'change_notice_exclude_types', ['widget']);
  await waitFor('the new list to be loaded', async () => ((await datamgrSettings(config)).current.changeNoticeExcludeTypes.has('widget') ? true : undefined));
  events.length = 0;
  await writer.put(db, { _id: 'w3', pvt_type: 'widget' });
  await writer.put(db, { _id: 'r3', pvt_type: 'rate' });
  await seen('r3');
  expect(announced()).toEqual([['doc_created', 'r3', 'rate']]);
});

test('without a bus the writes are made and nothing is announced', async () => {
  const writer = new DocWriter({ couch, config });
  await writer.put(db, { _id: 'quiet', pvt_type: 'widget' });
  await new DocWriter({ couch, bus, config: undefined }).put(db, { _id: 'loud', pvt_type: 'widget' });
  await seen('loud');
  expect(announced()).toEqual([['doc_created', 'loud', 'widget']]);
  expect(await couch.get(db, 'quiet')).toMatchObject({ pvt_type: 'widget' });
});
