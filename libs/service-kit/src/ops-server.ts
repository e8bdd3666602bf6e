// The operations port (TOLLGATE_METRICS_PORT, default 9464), apart from the public API:
// GET /metrics (Prometheus text) and GET /health (200 ready and healthy, 503 otherwise).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { followerStates } from '@tollgate/kazoo-db';
import type { HealthReport } from './health';
import type { Metrics } from './metrics';

export const DEFAULT_METRICS_PORT = 9464;

export interface OpsServerOptions {
  port: number;
  /** Default 127.0.0.1; the compose file sets 0.0.0.0 inside its containers. */
  host?: string;
  metrics: Metrics;
  health: () => Promise<HealthReport>;
  /** The `service` label of process-wide series (follower lag): the service name, or `tollgate` for `tollgate up`. */
  service: string;
}

export interface OpsServer {
  port: number;
  url: string;
  stop(): Promise<void>;
}

export async function startOpsServer(opts: OpsServerOptions): Promise<OpsServer> {
  const lag = opts.metrics.gauge('tollgate_changes_follower_lag_seconds', 'seconds since a _changes follower was last caught up (0 while it is)', ['db', 'follower']);
  const host = opts.host ?? '127.0.0.1';
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const answer = async () => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' }).end();
        return;
      }
      if (path === '/metrics') {
        lag.reset();
        for (const f of followerStates()) lag.set({ service: opts.service, db: f.db, follower: f.name ?? '' }, f.lagSeconds);
        const text = await opts.metrics.scrape();
        res.writeHead(200, { 'Content-Type': opts.metrics.registry.contentType }).end(text);
        return;
      }
      if (path === '/health') {
        const report = await opts.health();
        res.writeHead(report.status === 'ok' ? 200 : 503, { 'Content-Type': 'application/json' }).end(JSON.stringify(report));
        return;
      }
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('GET /metrics or /health\n');
    };
    answer().catch((err) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(`${(err as Error).message}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    port,
    url: `http://${shown}:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
