// A deck written to its snapshot file and read back answers exactly as the deck it was taken from,
// keeps taking edits, and a file that does not check out is ignored.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeckIndex } from '../deck/deck-index';
import { readDeckSnapshot, removeDeckSnapshots, writeDeckSnapshot } from './deck-snapshot-file';

const key = { db: 'ratedeck/bulk', incarnation: '0a1b2c3d4e5f6071' };
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tollgate-snapshot-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function sampleDeck(): DeckIndex {
  const index = new DeckIndex('bulk', 16);
  for (let i = 0; i < 500; i++) {
    const prefix = String(1500 + i);
    index.upsert({ _id: `US-${prefix}`, pvt_type: 'rate', prefix: Number(prefix), iso_country_code: 'US', rate_cost: (i % 7) / 100, routes: [`^\\+${prefix}(\\d*)$`] });
  }
  index.upsert({ _id: 'odd id', pvt_type: 'rate', prefix: 44, rate_cost: '0.00125', rate_name: 'UK', description: 'United Kingdom', direction: ['outbound'], weight: 3 });
  index.upsert({ _id: 'ratedeck_owner', pvt_type: 'ratedeck_owner', pvt_account_id: 'reseller-1' });
  index.remove('US-1501'); // a free entry the restored index reuses
  return index;
}

const probes = ['15001', '15014', '1501', '4420', '1999', '1'];

test('a restored deck answers as the original, owner and irregular ids included, and takes edits', async () => {
  const original = sampleDeck();
  await writeDeckSnapshot(dir, key, { seq: 1234, state: original.exportState() });
  const read = await readDeckSnapshot(dir, key);
  expect(read?.seq).toBe(1234);
  const restored = DeckIndex.fromState(read!.state);
  expect(restored.size).toBe(original.size);
  expect(restored.prefixCount).toBe(original.prefixCount);
  expect(restored.owner).toBe('reseller-1');
  for (const digits of probes) expect(restored.candidates(digits)).toEqual(original.candidates(digits));
  expect(restored.get('odd id')).toEqual(original.get('odd id'));

  for (const deck of [original, restored]) {
    deck.upsert({ _id: 'US-1502', pvt_type: 'rate', prefix: 1502, iso_country_code: 'US', rate_cost: 9 });
    deck.remove('odd id');
    for (let i = 0; i < 100; i++) deck.upsert({ _id: `GB-${4400 + i}`, pvt_type: 'rate', prefix: 4400 + i, iso_country_code: 'GB', rate_cost: 1 });
  }
  for (const digits of [...probes, '15021', '44991']) expect(restored.candidates(digits)).toEqual(original.candidates(digits));
});

test('a file of another incarnation, a damaged one or one of another format is ignored', async () => {
  await writeDeckSnapshot(dir, key, { seq: 7, state: sampleDeck().exportState() });
  expect(await readDeckSnapshot(dir, { ...key, incarnation: 'ffff' })).toBeUndefined();
  const [name] = await readdir(dir);
  const bytes = await readFile(join(dir, name));
  const flipped = Buffer.from(bytes);
  flipped[flipped.length - 100] ^= 0xff;
  await writeFile(join(dir, name), flipped);
  expect(await readDeckSnapshot(dir, key)).toBeUndefined();
  await writeFile(join(dir, name), bytes.subarray(0, bytes.length - 1));
  expect(await readDeckSnapshot(dir, key)).toBeUndefined();
  const otherFormat = Buffer.from(bytes);
  otherFormat.writeUInt32LE(999, 4);
  await writeFile(join(dir, name), otherFormat);
  expect(await readDeckSnapshot(dir, key)).toBeUndefined();
  await writeFile(join(dir, name), bytes);
  expect((await readDeckSnapshot(dir, key))?.seq).toBe(7);
  await removeDeckSnapshots(dir, key.db);
  expect(await readdir(dir)).toEqual([]);
});
