// The registry's metrics as Prometheus reads them: get-or-create by name, the `service` label first,
// hot counters and histograms in the same text format as prom-client's own (cumulative buckets).
import { Metrics } from './metrics';

test('a hot histogram scrapes as a Prometheus histogram: cumulative buckets, +Inf, sum and count', async () => {
  const m = new Metrics({ processMetrics: false });
  const h = m.hotHistogram('tollgate_test_seconds', 'test latency', { service: 't' }, [0.001, 0.01, 0.1]);
  for (const v of [0.0005, 0.005, 0.005, 0.05, 5]) h.observe(v);
  const c = m.hotCounter('tollgate_test_total', 'test count', { service: 't' });
  c.inc();
  c.inc();
  // the same name and labels: the same series (two copies of a service in one process)
  m.hotCounter('tollgate_test_total', 'test count', { service: 't' }).inc();
  const text = await m.scrape();
  expect(text).toContain('# TYPE tollgate_test_seconds histogram');
  expect(text).toContain('tollgate_test_seconds_bucket{le="0.001",service="t"} 1\n');
  expect(text).toContain('tollgate_test_seconds_bucket{le="0.01",service="t"} 3\n');
  expect(text).toContain('tollgate_test_seconds_bucket{le="0.1",service="t"} 4\n');
  expect(text).toContain('tollgate_test_seconds_bucket{le="+Inf",service="t"} 5\n');
  expect(text).toMatch(/^tollgate_test_seconds_sum\{service="t"\} 5\.0605\d*$/m);
  expect(text).toContain('tollgate_test_seconds_count{service="t"} 5\n');
  expect(text).toContain('# TYPE tollgate_test_total counter');
  expect(text).toMatch(/^tollgate_test_total\{service="t"\} 3$/m);
});

test('metrics are made once per registry; scrape hooks run before each scrape', async () => {
  const m = new Metrics({ processMetrics: false });
  expect(m.counter('tollgate_x_total', 'x', ['kind'])).toBe(m.counter('tollgate_x_total', 'x', ['kind']));
  const g = m.gauge('tollgate_size', 'size', ['deck']);
  let size = 1;
  const off = m.onScrape(() => g.set({ service: 't', deck: 'd' }, size));
  expect(await m.scrape()).toMatch(/^tollgate_size\{service="t",deck="d"\} 1$/m);
  size = 7;
  expect(await m.scrape()).toMatch(/^tollgate_size\{service="t",deck="d"\} 7$/m);
  off();
  size = 9;
  expect(await m.scrape()).toMatch(/^tollgate_size\{service="t",deck="d"\} 7$/m);
  expect(() => m.hotCounter('tollgate_x_total', 'x', { service: 't' })).toThrow(/not a hot counter/);
});
