import { randomBytes } from 'node:crypto';
import { Couch } from './couch';
import { readDocStates } from './doc-states';
import { storageTargets } from './storage-targets';

describe.each(storageTargets())('on %s', (_name, url) => {
  const couch = new Couch(url);
  const db = `doc-states-${randomBytes(4).toString('hex')}`;
  beforeAll(() => couch.ensureDb(db));
  afterAll(() => couch.destroyDb(db));

  test('thousands of ids in one read: live docs, the revision of deleted ones, nothing for the others', async () => {
    const ids = Array.from({ length: 3000 }, (_, i) => `XX-${1_000_000 + i}-${'long-suffix'.repeat(3)}`);
    const written = await couch.bulk(
      db,
      ids.slice(0, 2000).map((_id) => ({ _id, n: 1 })),
      { batchSize: 2000 },
    );
    const gone = written[0];
    await couch.remove(db, gone.id, gone.rev as string);
    const states = await readDocStates(couch, db, ids);
    expect(states.size).toBe(2000);
    expect(states.get(ids[1])).toMatchObject({ deleted: false, doc: { _id: ids[1], n: 1 } });
    const deleted = states.get(gone.id);
    expect(deleted).toMatchObject({ deleted: true, rev: expect.stringMatching(/^2-/) });
    expect(states.has(ids[2500])).toBe(false);
  });
});
