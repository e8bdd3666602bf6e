// The OpenAPI description is complete (every route has one) and valid OpenAPI 3.1, checked by a
// well-kept validator (@seriousme/openapi-schema-validator, ESM-only: run in a child node).
import { execFileSync } from 'node:child_process';
import { dirname } from 'node:path';
import type { CrossbarDeps } from '../core/types';
import { allModules } from '../modules';
import { buildOpenApi, openApiPath, rebased } from './openapi';

const routes = allModules.flatMap((m) => m.routes({} as CrossbarDeps).map((r) => ({ module: m.name, route: r })));

/** Validates an OpenAPI document; answers the validator's verdict. */
export function validateOpenApi(doc: unknown): { valid: boolean; errors?: unknown } {
  const pkgDir = dirname(require.resolve('@seriousme/openapi-schema-validator/package.json'));
  const script = `
    import { Validator } from ${JSON.stringify(`${pkgDir}/index.js`)};
    let text = ''; process.stdin.setEncoding('utf8');
    for await (const chunk of process.stdin) text += chunk;
    const v = new Validator();
    const res = await v.validate(JSON.parse(text));
    process.stdout.write(JSON.stringify({ valid: res.valid, errors: res.errors, version: v.version }));
  `;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { input: JSON.stringify(doc), encoding: 'utf8' }));
}

test('every route crossbar serves has an OpenAPI summary', () => {
  const missing = routes.filter(({ route }) => !route.doc?.summary?.trim()).map(({ route }) => `${route.method} ${route.path}`);
  expect(missing).toEqual([]);
});

test('the description has every route of the route table, and no other', () => {
  const doc = buildOpenApi(allModules) as { paths: Record<string, Record<string, unknown>> };
  const described = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
  expect(described.sort()).toEqual(routes.map(({ route }) => `${route.method} ${openApiPath(route.path)}`).sort());
});

test('it is valid OpenAPI 3.1', () => {
  const doc = buildOpenApi(allModules);
  expect(doc.openapi).toBe('3.1.0');
  const verdict = validateOpenApi(doc);
  expect(verdict).toEqual(expect.objectContaining({ valid: true }));
});

test('routes open to anyone have no security requirement; the others need X-Auth-Token', () => {
  const doc = buildOpenApi(allModules) as { paths: Record<string, Record<string, { security: unknown[]; 'x-access-level': string }>> };
  const login = doc.paths['/v2/user_auth'].put;
  expect(login.security).toEqual([]);
  const account = doc.paths['/v2/accounts/{account_id}'].get;
  expect(account.security).toEqual([{ authToken: [] }]);
  expect(account['x-access-level']).toBe('login');
});

test('request bodies are the ajv schemas the handlers validate with', () => {
  const doc = buildOpenApi(allModules) as { components: { schemas: Record<string, unknown> }; paths: Record<string, Record<string, Record<string, unknown>>> };
  const { schemaValidator } = require('@tollgate/schemas') as typeof import('@tollgate/schemas');
  expect(doc.components.schemas.accounts).toEqual(rebased(schemaValidator().schema('accounts'), '#/components/schemas/accounts'));
  expect(JSON.stringify(doc.components.schemas.accounts)).toContain('#/components/schemas/accounts/definitions/');
  expect(JSON.stringify(doc.paths['/v2/rates'].put.requestBody)).toContain('#/components/schemas/rates');
});
