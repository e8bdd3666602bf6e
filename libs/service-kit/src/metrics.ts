// Prometheus metrics (prom-client). One registry per process: `tollgate up` runs every service in
// one process and shows them on one endpoint, each service's series labelled `service`. A service
// asks for its metrics with `serviceMetrics(deps, name)`; metrics are made once per registry (a
// second instance of a service in the same process, as tests start them, shares them).
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { asMetric, HotMetric, type HotSeries } from './hot-metrics';

export type { Counter, Gauge, Histogram } from 'prom-client';

/** Latency buckets in seconds, from 0.1 ms (an in-memory rate lookup) to 10 s (a slow request). */
export const LATENCY_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export class Metrics {
  readonly registry = new Registry();

  constructor(opts: { processMetrics?: boolean } = {}) {
    // CPU, memory, event loop lag and GC of the process, prefixed like ours.
    if (opts.processMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'tollgate_' });
  }

  /** A counter with a `service` label first, then `labels`. */
  counter(name: string, help: string, labels: string[] = []): Counter<string> {
    return (this.registry.getSingleMetric(name) as Counter<string> | undefined) ?? new Counter({ name, help, labelNames: ['service', ...labels], registers: [this.registry] });
  }

  histogram(name: string, help: string, labels: string[] = [], buckets = LATENCY_BUCKETS): Histogram<string> {
    return (
      (this.registry.getSingleMetric(name) as Histogram<string> | undefined) ??
      new Histogram({ name, help, labelNames: ['service', ...labels], buckets, registers: [this.registry] })
    );
  }

  gauge(name: string, help: string, labels: string[] = []): Gauge<string> {
    return (this.registry.getSingleMetric(name) as Gauge<string> | undefined) ?? new Gauge({ name, help, labelNames: ['service', ...labels], registers: [this.registry] });
  }

  /** A counter for a hot path: `inc()` adds to a plain number; the labels are fixed here, `service` among them. */
  hotCounter(name: string, help: string, labels: Record<string, string>): Pick<HotSeries, 'inc'> {
    return this.hot(name, help, 'counter', []).series(labels);
  }

  /** A histogram for a hot path: `observe(seconds)` adds to plain numbers. */
  hotHistogram(name: string, help: string, labels: Record<string, string>, buckets = LATENCY_BUCKETS): Pick<HotSeries, 'observe'> {
    return this.hot(name, help, 'histogram', buckets).series(labels);
  }

  private hot(name: string, help: string, type: 'counter' | 'histogram', buckets: readonly number[]): HotMetric {
    const existing = this.registry.getSingleMetric(name) as unknown;
    if (existing instanceof HotMetric) return existing;
    if (existing) throw new Error(`metric ${name} exists and is not a hot ${type}`);
    const made = new HotMetric(name, help, type, buckets);
    this.registry.registerMetric(asMetric(made));
    return made;
  }

  private readonly scrapeHooks = new Set<() => void>();

  /** `hook` runs before each scrape (gauges read then, not kept current); the answer unregisters it. */
  onScrape(hook: () => void): () => void {
    this.scrapeHooks.add(hook);
    return () => void this.scrapeHooks.delete(hook);
  }

  /** The text a Prometheus scrape gets. */
  scrape(): Promise<string> {
    for (const hook of this.scrapeHooks) hook();
    return this.registry.metrics();
  }
}

let shared: Metrics | undefined;

/** The process's registry: what a service started without `deps.metrics` (a test, a tool) reports to. */
export function processMetrics(): Metrics {
  shared ??= new Metrics();
  return shared;
}

/** The registry a service reports to: its deps' (startPlatform makes one per process), else the process's. */
export function metricsOf(deps: { metrics?: Metrics }): Metrics {
  return deps.metrics ?? processMetrics();
}
