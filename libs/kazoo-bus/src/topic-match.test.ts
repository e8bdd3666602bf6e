import fc from 'fast-check';
import { topicMatches } from './topic-match';

// A reference matcher written differently (dynamic programming over words) to check the walking one.
function byTable(pattern: string, key: string): boolean {
  const p = pattern.split('.');
  const k = key.split('.');
  // m[i][j]: the first i pattern words match the first j key words.
  const m = Array.from({ length: p.length + 1 }, () => new Array<boolean>(k.length + 1).fill(false));
  m[0][0] = true;
  for (let i = 1; i <= p.length; i++) {
    for (let j = 0; j <= k.length; j++) {
      const w = p[i - 1];
      if (w === '#') m[i][j] = m[i - 1][j] || (j > 0 && m[i][j - 1]);
      else m[i][j] = j > 0 && m[i - 1][j - 1] && (w === '*' || w === k[j - 1]);
    }
  }
  return m[p.length][k.length];
}

describe('topicMatches', () => {
  test.each([
    ['rate.*', 'rate.req', true],
    ['rate.*', 'rate.resp.broadcast', false],
    ['rate.#', 'rate', true],
    ['rate.#', 'rate.resp.broadcast', true],
    ['#.broadcast', 'rate.resp.broadcast', true],
    ['*.*.rate.*', 'doc_edited.ratedeck.rate.US-1', true],
    ['*.*.rate.*', 'doc_edited.ratedeck.rate', false],
    ['a.#.b', 'a.b', true],
    ['a.#.b', 'a.x.y.b', true],
    ['a.#.#.b', 'a.b', true],
    ['#', '', true],
    ['*', '', true],
    ['a', 'a.b', false],
  ])('%s against %s', (pattern, key, expected) => {
    expect(topicMatches(pattern, key)).toBe(expected);
  });

  test('agrees with a table-driven matcher', () => {
    const word = fc.constantFrom('a', 'b', 'rate', 'req');
    const key = fc.array(word, { minLength: 1, maxLength: 5 }).map((ws) => ws.join('.'));
    const pattern = fc
      .array(fc.oneof(word, fc.constant('*'), fc.constant('#')), { minLength: 1, maxLength: 5 })
      .map((ws) => ws.join('.'));
    fc.assert(
      fc.property(pattern, key, (p, k) => topicMatches(p, k) === byTable(p, k)),
      { numRuns: 2000 },
    );
  });
});
