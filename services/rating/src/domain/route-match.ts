// Route regexes (written for Erlang's PCRE) matched against a number. The default route every
// import writes, `^\+<prefix>(\d*)$`, is recognised and answered without a regex, so a deck of a
// million prefixes does not compile a million regexes.
import { createLogger } from '@tollgate/log';

const log = createLogger('rating');
const MAX_CACHED = 10_000;
const cache = new Map<string, RegExp | null>();

function compile(source: string): RegExp | null {
  const hit = cache.get(source);
  if (hit !== undefined) return hit;
  let re: RegExp | null;
  try {
    re = new RegExp(source);
  } catch (err) {
    log.warn('a rate route is not a regex JavaScript can compile; it matches nothing', { route: source, error: (err as Error).message });
    re = null;
  }
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(source, re);
  return re;
}

function isDigits(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** `^\+<prefix>(\d*)$` (the import default) as a plain comparison; undefined when the route is another one. */
function defaultRouteMatch(route: string, subject: string, prefix: string): boolean | undefined {
  const head = '^\\+';
  const tail = '(\\d*)$';
  if (route.length !== head.length + prefix.length + tail.length) return undefined;
  if (!route.startsWith(head) || !route.endsWith(tail) || route.slice(head.length, head.length + prefix.length) !== prefix) return undefined;
  return subject.startsWith(`+${prefix}`) && isDigits(subject, prefix.length + 1);
}

/** re:run(Subject, Route) =/= nomatch. */
export function routeMatches(route: string, subject: string, prefix?: string): boolean {
  if (prefix !== undefined) {
    const quick = defaultRouteMatch(route, subject, prefix);
    if (quick !== undefined) return quick;
  }
  return compile(route)?.test(subject) ?? false;
}
