import { parseRatedeckVersionDb, ratedeckIdFromDb, ratedeckVersionDb, isRatedeckDb, isRatedeckId } from './ratedeck-names';
import {
  activeVersionOf,
  emptyVersionsDoc,
  normalizeVersionsDoc,
  type RatedeckVersionsDoc,
  withActivated,
  withRetention,
  withRolledBack,
  withStagingDone,
  withStagingVersion,
} from './ratedeck-versions-doc';

const NOW = '2026-12-07T12:00:00.000Z';

function staged(doc: RatedeckVersionsDoc, n: number): RatedeckVersionsDoc {
  let d = doc;
  for (let i = 0; i < n; i++) {
    const s = withStagingVersion(d, `task${i}`, NOW);
    d = withStagingDone(s.doc, s.version, { rateCount: 10 }, NOW);
  }
  return d;
}

function ok(r: ReturnType<typeof withActivated>): RatedeckVersionsDoc {
  if (!r.ok) throw new Error(r.message);
  return r.doc;
}

test('a version db is named ratedeck/<deck>/v/<n>: never a deck id, never listed as a deck', () => {
  expect(ratedeckVersionDb('bulk', 3)).toBe('ratedeck/bulk/v/3');
  expect(parseRatedeckVersionDb('ratedeck/bulk/v/3')).toEqual({ ratedeckId: 'bulk', version: 3 });
  expect(parseRatedeckVersionDb('ratedeck%2Fbulk%2Fv%2F3')).toEqual({ ratedeckId: 'bulk', version: 3 });
  expect(parseRatedeckVersionDb('ratedeck/bulk')).toBeUndefined();
  expect(parseRatedeckVersionDb('ratedeck/bulk/v/0')).toBeUndefined();
  expect(isRatedeckId('bulk/v/3')).toBe(false);
  expect(isRatedeckDb('ratedeck/bulk/v/3')).toBe(false);
  expect(() => ratedeckIdFromDb('ratedeck/bulk/v/3')).toThrow(/version db/);
});

test('stage, activate, rollback: only the pointer moves; a second rollback undoes the first', () => {
  let d = staged(emptyVersionsDoc('bulk', NOW), 2);
  expect(d.versions.map((v) => [v.version, v.db, v.state])).toEqual([
    [0, 'ratedeck/bulk', 'staged'],
    [1, 'ratedeck/bulk/v/1', 'staged'],
    [2, 'ratedeck/bulk/v/2', 'staged'],
  ]);
  d = ok(withActivated(d, 2, NOW));
  expect([d.active, d.previous]).toEqual([2, 0]);
  expect(activeVersionOf(d)).toBe(2);
  d = ok(withRolledBack(d, NOW));
  expect([d.active, d.previous]).toEqual([0, 2]);
  expect(activeVersionOf(d)).toBeUndefined(); // version 0: the deck's own db
  d = ok(withRolledBack(d, NOW));
  expect([d.active, d.previous]).toEqual([2, 0]);
});

test('what cannot be activated or rolled back is refused with a reason', () => {
  const d = emptyVersionsDoc('bulk', NOW);
  expect(withActivated(d, 7, NOW)).toMatchObject({ ok: false, kind: 'missing', message: 'ratedeck bulk has no version 7' });
  const staging = withStagingVersion(d, 't', NOW).doc;
  expect(withActivated(staging, 1, NOW)).toMatchObject({ ok: false, kind: 'conflict' });
  expect(withActivated(d, 0, NOW)).toMatchObject({ ok: false, kind: 'conflict', message: 'version 0 of ratedeck bulk is already active' });
  expect(withRolledBack(d, NOW)).toMatchObject({ ok: false, kind: 'conflict', message: 'ratedeck bulk has no previous version to roll back to' });
});

test('retention keeps kept_versions version dbs: the active, the previous, any being imported, then the newest', () => {
  let d = staged(emptyVersionsDoc('bulk', NOW), 6); // versions 1..6
  d = ok(withActivated(d, 2, NOW)); // active 2, previous 0
  d = withStagingVersion(d, 'running', NOW).doc; // 7 staging
  const { doc, dropped } = withRetention(d, 3);
  expect(doc.versions.map((v) => v.version)).toEqual([0, 2, 6, 7]);
  expect(dropped.map((v) => v.db)).toEqual(['ratedeck/bulk/v/1', 'ratedeck/bulk/v/3', 'ratedeck/bulk/v/4', 'ratedeck/bulk/v/5']);
  // the previous version is kept too, even when older than the newest ones
  const e = ok(withActivated(ok(withActivated(staged(emptyVersionsDoc('bulk', NOW), 5), 1, NOW)), 5, NOW));
  expect(withRetention(e, 2).doc.versions.map((v) => v.version)).toEqual([0, 1, 5]);
  expect(withRetention(e, 3).doc.versions.map((v) => v.version)).toEqual([0, 1, 4, 5]);
});

test('a pointer edited by hand is read safely: a bad active rates from the deck itself, numbering never goes back', () => {
  expect(activeVersionOf({ pvt_type: 'ratedeck_versions', active: 'three' })).toBeUndefined();
  expect(activeVersionOf({ pvt_type: 'ratedeck_versions', active: 3, pvt_deleted: true })).toBeUndefined();
  expect(activeVersionOf({ pvt_type: 'ratedeck_versions', active: 3 })).toBe(3);
  const d = normalizeVersionsDoc({ active: 2, next_version: 1, versions: [{ version: 2, db: 'ratedeck/bulk/v/2', state: 'staged', created: NOW }] }, 'bulk', NOW);
  expect(d.next_version).toBe(3);
  expect(d.versions.map((v) => v.version)).toEqual([0, 2]);
});
