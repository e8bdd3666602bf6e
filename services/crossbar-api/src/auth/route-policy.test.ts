import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CrossbarDeps } from '../core/types';
import { allModules } from '../modules';
import { ROUTE_POLICY, routeKey } from './route-policy';

/** `| \`GET /v2/accounts/{account_id}\` | login | …` rows of the README's access table. */
function readmeTable(): Map<string, string> {
  const text = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const rows = new Map<string, string>();
  for (const m of text.matchAll(/^\| `(GET|PUT|POST|PATCH|DELETE) (\/v2\/[^`]*)` \| (\w+) \|/gm)) {
    rows.set(`${m[1]} ${m[2].replace(/\{([a-z_]+)\}/g, ':$1')}`, m[3]);
  }
  return rows;
}

// Building the routes only declares them; nothing here touches deps.
const routes = allModules.flatMap((m) => m.routes({} as CrossbarDeps));

test('every route crossbar serves has a level in the policy, and the policy names no other route', () => {
  const served = routes.map((r) => routeKey(r.method, r.path)).sort();
  expect([...ROUTE_POLICY.keys()].sort()).toEqual(served);
});

test("the README's access table is the policy, row for row", () => {
  expect(Object.fromEntries([...readmeTable()].sort())).toEqual(Object.fromEntries([...ROUTE_POLICY].sort()));
});

test('a route is open to anyone exactly when it takes no login', () => {
  for (const r of routes) {
    const open = ROUTE_POLICY.get(routeKey(r.method, r.path)) === 'anyone';
    expect({ route: routeKey(r.method, r.path), open }).toEqual({ route: routeKey(r.method, r.path), open: (r.auth ?? 'required') !== 'required' });
  }
});
