// AMQP topic matching: words split on '.', `*` matches exactly one word, `#` zero or more.

export function topicMatches(pattern: string, routingKey: string): boolean {
  if (pattern === '#') return true;
  return matchWords(pattern.split('.'), 0, routingKey.split('.'), 0);
}

function matchWords(pattern: string[], p: number, key: string[], k: number): boolean {
  while (p < pattern.length) {
    const word = pattern[p];
    if (word === '#') {
      // Collapse runs of '#', then try every possible length for this one.
      while (p + 1 < pattern.length && pattern[p + 1] === '#') p++;
      if (p + 1 === pattern.length) return true;
      for (let skip = k; skip <= key.length; skip++) {
        if (matchWords(pattern, p + 1, key, skip)) return true;
      }
      return false;
    }
    if (k >= key.length) return false;
    if (word !== '*' && word !== key[k]) return false;
    p++;
    k++;
  }
  return k === key.length;
}
