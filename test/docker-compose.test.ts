// docker/compose.yaml is what production starts from; `docker compose config` cannot run where
// there is no compose plugin, so its promises are checked here: every service of the platform
// runs as `tollgate start <service>` against the CouchDB and RabbitMQ of the file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_NAMES } from '@tollgate/cli';
import { parse } from 'yaml';

interface ComposeService {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
}

const text = readFileSync(join(__dirname, '..', 'docker', 'compose.yaml'), 'utf8');
const compose = parse(text, { merge: true }) as {
  services: Record<string, ComposeService & { ports?: string[] }>;
};

test('CouchDB 3 and RabbitMQ with management are there, with health checks', () => {
  expect(compose.services.couchdb.image).toMatch(/^couchdb:3/);
  expect(compose.services.rabbitmq.image).toMatch(/^rabbitmq:3.*management/);
});

test.each(SERVICE_NAMES)('%s runs alone from the shared image, pointed at both servers', (name) => {
  const svc = compose.services[name];
  expect(svc.command).toEqual(['start', name]);
  expect(svc.image).toBe('tollgate:latest');
  expect(svc.environment?.COUCHDB_URL).toMatch(/^http:\/\/.*@couchdb:5984$/);
  expect(svc.environment?.AMQP_URL).toMatch(/^amqp:\/\/.*@rabbitmq:5672$/);
  expect(svc.depends_on).toEqual({ couchdb: { condition: 'service_healthy' }, rabbitmq: { condition: 'service_healthy' } });
});

test('no password has a default: compose refuses to start until COUCHDB_PASSWORD and RABBITMQ_PASSWORD are set', () => {
  const passwords = [...text.matchAll(/\$\{(\w*PASS\w*)(:?[-?+=])?[^}]*\}/g)];
  expect(passwords.length).toBeGreaterThan(0);
  for (const [use, , op] of passwords) expect([use, op]).toEqual([use, ':?']);
  expect(new Set(passwords.map((m) => m[1]))).toEqual(new Set(['COUCHDB_PASSWORD', 'RABBITMQ_PASSWORD']));
});

test('CouchDB and the RabbitMQ management UI are published on the host loopback only; crossbar listens beyond its container', () => {
  expect(compose.services.couchdb.ports).toEqual(['127.0.0.1:15984:5984']);
  expect(compose.services.rabbitmq.ports).toEqual(['5672:5672', '127.0.0.1:15672:15672']);
  expect(compose.services['crossbar-api'].environment?.TOLLGATE_HTTP_HOST).toBe('0.0.0.0');
});
