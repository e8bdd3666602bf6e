// GET /v2/openapi.json (the description of every route crossbar serves, built from the route table)
// and GET /v2/docs (Swagger UI, served from the installed swagger-ui-dist package: no CDN). No login.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { errors } from '@tollgate/errors';
import { buildOpenApi } from '../../core/openapi';
import type { CrossbarModule, Reply } from '../../core/types';
import { allModules } from '../index';

let described: string | undefined;

function openApiJson(): Reply {
  // allModules is read at call time: this module is one of them.
  described ??= JSON.stringify(buildOpenApi(allModules));
  return { raw: { contentType: 'application/json', body: described } };
}

const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css',
  'swagger-ui-bundle.js': 'application/javascript',
  'swagger-ui-standalone-preset.js': 'application/javascript',
  'favicon-32x32.png': 'image/png',
};

const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Tollgate crossbar API</title>
<link rel="stylesheet" href="/v2/docs/swagger-ui.css"><link rel="icon" href="/v2/docs/favicon-32x32.png"></head>
<body><div id="swagger-ui"></div>
<script src="/v2/docs/swagger-ui-bundle.js"></script>
<script src="/v2/docs/swagger-ui-standalone-preset.js"></script>
<script src="/v2/docs/init.js"></script>
</body></html>
`;

// validatorUrl null: Swagger UI would otherwise send the document to validator.swagger.io for its badge.
const INIT = `window.ui = SwaggerUIBundle({ url: '/v2/openapi.json', dom_id: '#swagger-ui', presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'StandaloneLayout', deepLinking: true, validatorUrl: null });\n`;

const cache = new Map<string, Buffer>();

function asset(file: string): Reply {
  if (file === 'init.js') return { raw: { contentType: 'application/javascript', body: INIT } };
  const type = ASSETS[file];
  if (!type) throw errors.notFound();
  let body = cache.get(file);
  if (!body) {
    body = readFileSync(join(dirname(require.resolve('swagger-ui-dist/package.json')), file));
    cache.set(file, body);
  }
  return { raw: { contentType: type, body, headers: { 'Cache-Control': 'public, max-age=3600' } } };
}

export const openapiModule: CrossbarModule = {
  name: 'openapi',
  routes: () => [
    {
      method: 'GET',
      path: '/v2/openapi.json',
      auth: 'none',
      handler: openApiJson,
      doc: { summary: 'this description (OpenAPI 3.1)', description: 'Built from the route table and the JSON schemas the handlers validate with. The answer is the document itself, not an envelope.', raw: 'application/json' },
    },
    {
      method: 'GET',
      path: '/v2/docs',
      auth: 'none',
      handler: () => ({ raw: { contentType: 'text/html', body: PAGE } }),
      doc: { summary: 'the API browser (Swagger UI) over /v2/openapi.json', description: 'An HTML page; its scripts are served from /v2/docs/{file}.', raw: 'text/html' },
    },
    {
      method: 'GET',
      path: '/v2/docs/:file',
      auth: 'none',
      handler: (ctx) => asset(ctx.params.file),
      doc: { summary: "the API browser's files (swagger-ui-dist, installed with Tollgate)", raw: 'application/octet-stream' },
    },
  ],
};
