// The OpenAPI 3.1 description of crossbar, built from the one route table (each RouteSpec's `doc`,
// its method, path, auth and body kind), the route policy (who may call it) and the ajv schemas the
// handlers validate with (libs/schemas): nothing here is written twice, so it cannot drift.
import { schemaValidator } from '@tollgate/schemas';
import { accessLevelOf } from '../auth/route-policy';
import type { CrossbarModule, RouteSpec } from './types';

type Json = Record<string, unknown>;

const KAZOO_VERSION = '4.3.0';

/** `/v2/accounts/:account_id` → `/v2/accounts/{account_id}`. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function successStatus(route: RouteSpec): string {
  return route.method === 'PUT' ? '201' : '200';
}

/** Kazoo's success envelope around the route's `data` (api_util:do_create_resp_envelope). */
function envelopeOf(data: Json): Json {
  return {
    allOf: [{ $ref: '#/components/schemas/Envelope' }, { type: 'object', properties: { data } }],
  };
}

function operation(module: string, route: RouteSpec): Json {
  const doc = route.doc;
  const level = accessLevelOf(route.method, route.path, route.auth);
  const params: Json[] = [...route.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  for (const [name, description] of Object.entries(doc?.query ?? {})) if (description) params.push({ name, in: 'query', required: false, description, schema: { type: 'string' } });

  const kind = route.body ?? (route.method === 'GET' || route.method === 'DELETE' ? 'none' : 'json');
  let requestBody: Json | undefined;
  if (kind !== 'none') {
    const content: Json = {};
    if (kind === 'json' || kind === 'json-or-csv') {
      const data = doc?.request ? { $ref: `#/components/schemas/${doc.request}` } : {};
      content['application/json'] = { schema: { type: 'object', properties: { data } } };
    }
    if (kind === 'csv' || kind === 'json-or-csv') content['text/csv'] = { schema: { type: 'string' } };
    if (kind === 'binary') content['application/octet-stream'] = { schema: { type: 'string', format: 'binary' } };
    requestBody = { required: kind === 'csv' || kind === 'binary', content };
  }

  const success: Json = doc?.raw
    ? { [doc.raw]: { schema: doc.raw === 'application/json' ? { type: 'object' } : { type: 'string' } } }
    : { 'application/json': { schema: envelopeOf(doc?.response ?? {}), ...(doc?.example !== undefined ? { example: { data: doc.example, status: 'success' } } : {}) } };
  if (doc?.csv) success['text/csv'] = { schema: { type: 'string' } };
  const responses: Json = {
    [successStatus(route)]: { description: doc?.raw ? 'success' : 'success (Kazoo envelope)', content: success },
    ...(level === 'anyone' ? {} : { '401': { $ref: '#/components/responses/Unauthorized' } }),
    default: { $ref: '#/components/responses/Error' },
  };
  return {
    tags: [module],
    operationId: `${route.method.toLowerCase()}${openApiPath(route.path).replace(/[^A-Za-z0-9]+(.)?/g, (_, c?: string) => (c ? c.toUpperCase() : ''))}`,
    summary: doc?.summary ?? '',
    ...(doc?.description ? { description: doc.description } : {}),
    'x-access-level': level,
    security: level === 'anyone' ? [] : [{ authToken: [] }],
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses,
  };
}

const ENVELOPE = {
  type: 'object',
  required: ['data', 'status', 'request_id', 'revision', 'timestamp', 'version', 'node', 'auth_token'],
  properties: {
    auth_token: { type: 'string', description: 'the token of the request (or the one just issued by user_auth / api_auth)' },
    data: { description: 'the answer' },
    status: { const: 'success' },
    request_id: { type: 'string' },
    revision: { type: 'string', description: "the document's revision, a listing's digest, or \"undefined\"" },
    timestamp: { type: 'string', format: 'date-time' },
    version: { type: 'string' },
    node: { type: 'string' },
    page_size: { type: 'integer' },
    start_key: { type: 'string' },
    next_start_key: { type: 'string' },
  },
};

const ERROR_ENVELOPE = {
  type: 'object',
  required: ['data', 'error', 'message', 'status', 'request_id'],
  properties: {
    auth_token: { type: 'string' },
    data: { description: 'per-field detail: {"<field>": {"<rule>": {"message": …}}}, or {"message": …}' },
    error: { type: 'string', description: 'the HTTP status, as a string' },
    message: { type: 'string', description: "Kazoo's message: validation error, invalid credentials, bad identifier, …" },
    status: { const: 'error' },
    request_id: { type: 'string' },
    timestamp: { type: 'string', format: 'date-time' },
    version: { type: 'string' },
    node: { type: 'string' },
  },
};

/** The schema as ajv has it, its local `$ref`s (`#/definitions/x`) pointing into its place in the document. */
export function rebased(schema: unknown, at: string): unknown {
  if (Array.isArray(schema)) return schema.map((s) => rebased(s, at));
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${at}${v.slice(1)}` : rebased(v, at)]),
  );
}

/** The OpenAPI 3.1 document of these modules' routes. */
export function buildOpenApi(modules: CrossbarModule[]): Json {
  const paths: Record<string, Json> = {};
  const schemaNames = new Set<string>();
  for (const mod of modules) {
    for (const route of mod.routes({} as never)) {
      const path = openApiPath(route.path);
      paths[path] ??= {};
      paths[path][route.method.toLowerCase()] = operation(mod.name, route);
      if (route.doc?.request) schemaNames.add(route.doc.request);
    }
  }
  const validator = schemaValidator();
  const schemas: Json = { Envelope: ENVELOPE, ErrorEnvelope: ERROR_ENVELOPE };
  for (const name of [...schemaNames].sort()) {
    const schema = validator.schema(name);
    if (!schema) throw new Error(`route doc names an unknown schema "${name}"`);
    schemas[name] = rebased(schema, `#/components/schemas/${name}`);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tollgate crossbar API',
      version: KAZOO_VERSION,
      description:
        "Kazoo 4.3's crossbar REST API as Tollgate serves it. Every answer is Kazoo's envelope; every error is Kazoo's error envelope. Log in with PUT /v2/user_auth or PUT /v2/api_auth and send the auth_token as X-Auth-Token.",
    },
    servers: [{ url: '/' }],
    tags: modules.map((m) => ({ name: m.name })),
    paths,
    components: {
      securitySchemes: { authToken: { type: 'apiKey', in: 'header', name: 'X-Auth-Token', description: 'the auth_token of user_auth or api_auth' } },
      schemas,
      responses: {
        Unauthorized: {
          description: 'no token, or an unknown, expired or revoked one (Kazoo: 401 invalid credentials)',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelope' } } },
        },
        Error: {
          description: "Kazoo's error envelope: 400 validation error, 403 forbidden, 404 bad identifier, 409 conflict, 500 …",
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/ErrorEnvelope' },
              example: { data: { name: { required: { message: 'Field is required but missing' } } }, error: '400', message: 'validation error', status: 'error' },
            },
          },
        },
      },
    },
  };
}
