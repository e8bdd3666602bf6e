// Several writers' docs for one db in one `_bulk_docs`: each gets its own results back, in order.
import { TestCouch } from '@tollgate/testing';
import { DocBatch } from './doc-batch';
import { DocWriter } from './doc-writer';

const couch = new TestCouch();

afterAll(async () => {
  await couch.cleanup();
});

test('each add gets the results of its own docs; one db made once; a refused db fails its adds only', async () => {
  const one = await couch.freshDb('doc-batch');
  const two = `${one}-made`;
  couch.track(two);
  await couch.put(one, { _id: 'taken' });
  const batch = new DocBatch(new DocWriter({ couch }));
  let made = 0;
  const first = batch.add(one, [{ _id: 'a' }, { _id: 'taken' }]);
  const second = batch.add(one, [{ _id: 'b' }]);
  const third = batch.add(two, [{ _id: 'c' }], async () => {
    made++;
    await couch.ensureDb(two);
  });
  const refused = batch.add('not a valid db name!', [{ _id: 'd' }]);
  refused.catch(() => undefined);
  await batch.flush();
  expect((await first).map((r) => [r.id, r.ok, r.error])).toEqual([
    ['a', true, undefined],
    ['taken', false, 'conflict'],
  ]);
  expect((await second).map((r) => [r.id, r.ok])).toEqual([['b', true]]);
  expect((await third).map((r) => [r.id, r.ok])).toEqual([['c', true]]);
  expect(made).toBe(1);
  await expect(refused).rejects.toBeDefined();
  expect(await couch.get(two, 'c')).toMatchObject({ _id: 'c' });
});
