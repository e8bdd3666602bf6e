// docker/compose.yaml is what production starts from; `docker compose config` cannot run where
// there is no compose plugin, so its promises are checked here: every service of the platform
// runs as `tollgate start <service>` against the CouchDB and RabbitMQ of the file, with its metrics
// and health on the operations port (the container health check) and a sample Grafana dashboard.
import { readdirSync, readFileSync, statSync } from 'node:fs';
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

describe('operations: metrics and health', () => {
  const services = compose.services as Record<string, ComposeService & { ports?: string[]; expose?: string[]; labels?: Record<string, string>; healthcheck?: { test: string[] }; profiles?: string[] }>;

  test.each(SERVICE_NAMES)("%s serves /metrics and /health on :9464 inside the network, and its health check is that /health", (name) => {
    const svc = services[name];
    expect(svc.environment?.TOLLGATE_METRICS_HOST).toBe('0.0.0.0');
    expect(svc.environment?.TOLLGATE_METRICS_PORT).toBe('9464');
    expect(svc.expose).toEqual(['9464']);
    expect(svc.labels).toMatchObject({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9464' });
    expect(svc.healthcheck?.test.join(' ')).toContain('http://127.0.0.1:9464/health');
    // off the public API: no metrics port published on the host
    expect((svc.ports ?? []).some((p) => p.includes('9464'))).toBe(false);
  });

  test('Prometheus and Grafana come with --profile monitoring only, on the host loopback; Prometheus scrapes every service', () => {
    for (const name of ['prometheus', 'grafana']) {
      expect(services[name].profiles).toEqual(['monitoring']);
      for (const p of services[name].ports ?? []) expect(p).toMatch(/^127\.0\.0\.1:/);
    }
    const prom = parse(readFileSync(join(__dirname, '..', 'docker', 'prometheus.yml'), 'utf8')) as { scrape_configs: { dns_sd_configs: { names: string[]; port: number }[] }[] };
    const sd = prom.scrape_configs[0].dns_sd_configs[0];
    expect([...sd.names].sort()).toEqual([...SERVICE_NAMES].sort());
    expect(sd.port).toBe(9464);
  });

  test('the sample Grafana dashboard only queries metrics the services export', () => {
    const dashboard = JSON.parse(readFileSync(join(__dirname, '..', 'docker', 'grafana', 'tollgate-dashboard.json'), 'utf8')) as { panels: { targets: { expr: string }[] }[] };
    const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr));
    expect(exprs.length).toBeGreaterThan(10);
    const sources = ['services', 'libs/service-kit/src', 'cli/src']
      .flatMap((dir) => listTs(join(__dirname, '..', dir)))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const names = new Set(exprs.flatMap((e) => [...e.matchAll(/\btollgate_[a-z0-9_]+/g)].map((m) => m[0].replace(/_(bucket|sum|count)$/, ''))));
    // default process metrics are prefixed by the registry (collectDefaultMetrics prefix 'tollgate_')
    const ours = [...names].filter((n) => !/^tollgate_(process|nodejs)_/.test(n));
    for (const n of ours) expect({ metric: n, exported: sources.includes(`'${n}'`) }).toEqual({ metric: n, exported: true });
  });
});

function listTs(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name === 'node_modules' || name === 'dist') return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return listTs(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}
