import { generateRateName } from '@tollgate/ratedecks';
import fc from 'fast-check';
import { directionList, parseRateDoc, type RateRecord } from '../domain/rate-record';
import { DeckIndex } from './deck-index';

type Doc = Record<string, unknown> & { _id: string };

function naiveCandidates(docs: Map<string, Doc>, digits: string): RateRecord[] {
  const found: RateRecord[] = [];
  for (const doc of docs.values()) {
    const p = parseRateDoc(doc);
    if (p.ok && digits.startsWith(p.rate.prefix) && p.rate.prefix !== '') found.push({ ...p.rate, ratedeckId: 'deck' });
  }
  return found;
}

function byKey(rates: RateRecord[]): RateRecord[] {
  return [...rates].sort((a, b) => b.prefix.length - a.prefix.length || (a.id < b.id ? -1 : 1));
}

const arbPrefix = fc.stringMatching(/^[1-9][0-9]{0,5}$/);
const arbDoc = fc.record(
  {
    prefix: arbPrefix,
    iso: fc.constantFrom(undefined, 'US', 'GB'),
    suffix: fc.constantFrom(undefined, 'a', 'mobile'),
    oddId: fc.boolean(),
    rate_cost: fc.constantFrom(0.1, '0.00125', 0, 2.5, 'abc'),
    direction: fc.constantFrom(undefined, 'inbound', ['outbound'], ['inbound', 'outbound']),
    weight: fc.constantFrom(undefined, 1, 50, 100),
    rate_name: fc.constantFrom(undefined, 'NAME', 'same-as-prefix', 'same-as-id', 'generated'),
    description: fc.constantFrom(undefined, 'BRONZE', 'Mobile'),
    routes: fc.constantFrom(undefined, 'default', ['^\\+44'], []),
    options: fc.constantFrom(undefined, ['t38']),
    rate_increment: fc.constantFrom(undefined, 1, 60),
    pvt_deleted: fc.constantFrom(undefined, undefined, undefined, true),
  },
  { requiredKeys: ['prefix', 'oddId', 'pvt_deleted'] },
);

function toDoc(a: {
  prefix: string;
  iso?: string;
  suffix?: string;
  oddId: boolean;
  rate_name?: string;
  routes?: string | string[];
  pvt_deleted?: boolean;
  [k: string]: unknown;
}): Doc {
  const { prefix, iso, suffix, oddId, rate_name, routes, pvt_deleted, ...rest } = a;
  const id = oddId ? `custom-${prefix}${suffix ?? ''}` : `${iso ?? 'XX'}-${prefix}${suffix ? `-${suffix}` : ''}`;
  const doc: Doc = { _id: id, pvt_type: 'rate', prefix: Number(prefix), ...rest };
  for (const k of Object.keys(doc)) if (doc[k] === undefined) delete doc[k];
  if (iso) doc.iso_country_code = iso;
  if (suffix) doc.rate_suffix = suffix;
  const generated = generateRateName(prefix, iso, directionList(doc.direction));
  if (rate_name) doc.rate_name = rate_name === 'same-as-prefix' ? prefix : rate_name === 'same-as-id' ? id : rate_name === 'generated' ? generated : rate_name;
  if (routes) doc.routes = routes === 'default' ? [`^\\+${prefix}(\\d*)$`] : routes;
  if (pvt_deleted) doc.pvt_deleted = true;
  return doc;
}

const arbOp = fc.oneof(
  { weight: 5, arbitrary: arbDoc.map((d) => ({ kind: 'put' as const, doc: toDoc(d) })) },
  { weight: 1, arbitrary: arbPrefix.map((p) => ({ kind: 'delete' as const, prefix: p })) },
);

test('the index agrees with a naive longest-prefix scan after any sequence of edits', () => {
  fc.assert(
    fc.property(fc.array(arbOp, { maxLength: 120 }), fc.array(fc.stringMatching(/^[0-9]{1,9}$/), { minLength: 1, maxLength: 8 }), (ops, numbers) => {
      const index = new DeckIndex('deck', 16);
      const docs = new Map<string, Doc>();
      for (const op of ops) {
        if (op.kind === 'put') {
          index.upsert(op.doc);
          docs.set(op.doc._id, op.doc);
        } else {
          // delete whichever stored doc has that prefix, as a _changes deletion would
          const victim = [...docs.values()].find((d) => String(d.prefix) === op.prefix);
          if (victim) {
            index.upsert({ _id: victim._id, _deleted: true });
            docs.delete(victim._id);
          }
        }
      }
      const live = [...docs.values()].filter((d) => parseRateDoc(d).ok);
      expect(index.size).toBe(live.length);
      for (const n of numbers) {
        expect(byKey(index.candidates(n))).toEqual(byKey(naiveCandidates(docs, n)));
      }
      for (const d of live) expect(index.get(d._id)).toEqual({ ...(parseRateDoc(d) as { rate: RateRecord }).rate, ratedeckId: 'deck' });
    }),
    { numRuns: 300 },
  );
});

test('candidates come longest prefix first; find stops at the first prefix the visitor accepts', () => {
  const index = new DeckIndex('ratedeck');
  for (const [p, d] of [['1503', 'BRONZE'], ['150', 'SILVER'], ['15', 'GOLD'], ['1', 'PLATINUM']]) {
    index.upsert({ _id: `XX-${p}`, pvt_type: 'rate', prefix: p, rate_cost: 0.1, description: d });
  }
  expect(index.candidates('15035551234').map((r) => r.description)).toEqual(['BRONZE', 'SILVER', 'GOLD', 'PLATINUM']);
  const seen: string[] = [];
  const found = index.find('15035551234', (rates) => {
    seen.push(rates[0].prefix);
    return rates[0].prefix.length <= 3 ? rates[0].description : undefined;
  });
  expect([found, seen]).toEqual(['SILVER', ['1503', '150']]);
  expect(index.candidates('4412345')).toEqual([]);
  expect(index.prefixCount).toBe(4);
});

test('an edit that changes a prefix moves the rate; a deletion or soft delete removes it', () => {
  const index = new DeckIndex('ratedeck');
  index.upsert({ _id: 'US-1503', pvt_type: 'rate', prefix: 1503, iso_country_code: 'US', rate_cost: 0.1 });
  index.upsert({ _id: 'US-1503', pvt_type: 'rate', prefix: 1504, iso_country_code: 'US', rate_cost: 0.2 });
  expect(index.candidates('15035551234')).toEqual([]);
  expect(index.candidates('15045551234').map((r) => [r.id, r.rateCost])).toEqual([['US-1503', '0.2']]);
  index.upsert({ _id: 'US-1503', pvt_type: 'rate', prefix: 1504, pvt_deleted: true });
  expect(index.size).toBe(0);
  index.upsert({ _id: 'XX-1', pvt_type: 'rate', prefix: 1 });
  expect(index.remove('XX-1')).toBe(true);
  expect(index.remove('XX-1')).toBe(false);
  expect(index.prefixCount).toBe(0);
});

test('a number starting with 0 matches no integer prefix but 0', () => {
  const index = new DeckIndex('ratedeck');
  index.upsert({ _id: 'XX-1', pvt_type: 'rate', prefix: 1 });
  index.upsert({ _id: 'XX-0', pvt_type: 'rate', prefix: '0' });
  expect(index.candidates('0123').map((r) => r.prefix)).toEqual(['0']);
});

test('it grows past its initial size and keeps every rate', () => {
  const index = new DeckIndex('ratedeck', 16);
  for (let i = 0; i < 5000; i++) index.upsert({ _id: `XX-${1000 + i}`, pvt_type: 'rate', prefix: 1000 + i, rate_cost: (i % 7) / 100 });
  for (let i = 0; i < 5000; i += 2) index.remove(`XX-${1000 + i}`);
  expect(index.size).toBe(2500);
  expect(index.candidates('10011234').map((r) => r.id)).toEqual(['XX-1001']);
  expect(index.candidates('10001234')).toEqual([]);
  for (let i = 0; i < 5000; i++) index.upsert({ _id: `XX-${9000 + i}`, pvt_type: 'rate', prefix: 9000 + i });
  expect(index.size).toBe(7500);
  expect(index.candidates('1001').map((r) => r.rateCost)).toEqual(['0.01']);
});

test("the deck's owner follows its ratedeck_owner doc, which is not a rate", () => {
  const index = new DeckIndex('deck', 16);
  expect(index.owner).toBeUndefined();
  index.upsert({ _id: 'ratedeck_owner', pvt_type: 'ratedeck_owner', pvt_account_id: 'a'.repeat(32) });
  expect(index.owner).toBe('a'.repeat(32));
  expect(index.size).toBe(0);
  index.upsert({ _id: 'ratedeck_owner', pvt_type: 'ratedeck_owner', pvt_account_id: 'b'.repeat(32) });
  expect(index.owner).toBe('b'.repeat(32));
  index.remove('ratedeck_owner');
  expect(index.owner).toBeUndefined();
  index.upsert({ _id: 'ratedeck_owner', pvt_type: 'ratedeck_owner', pvt_account_id: 'a'.repeat(32), pvt_deleted: true });
  expect(index.owner).toBeUndefined();
});
