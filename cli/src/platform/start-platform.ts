// Brings up what a process runs: the database (embedded or COUCHDB_URL), the bus, the global dbs and
// their views, live system_config, the master account on first run, and the chosen services.
import { bootstrapMaster } from '@tollgate/accounts';
import { SystemConfig } from '@tollgate/config';
import { type AdminSettings, type EmbeddedCouchDB, startEmbeddedCouchDB } from '@tollgate/embedded-couchdb';
import { Couch } from '@tollgate/kazoo-db';
import { type Bus, chooseBus, createAmqpBus } from '@tollgate/kazoo-bus';
import { createLogger } from '@tollgate/log';
import { checkHealth, ensureGlobalDbs, Metrics, type OpsServer, platformIdentity, ReadinessBoard, type ServiceDeps, startOpsServer } from '@tollgate/service-kit';
import { portError } from '../cli-error';
import type { MasterCredentials } from './bootstrap';
import { type Heartbeat, type HeartbeatInfo, startHeartbeat } from './heartbeat';
import { assertPortsFree } from './ports-free';
import { type ServiceName, type StartedService, startService } from './service-registry';

const log = createLogger('platform');
export const APP_VERSION = '4.3.0';

export interface PlatformOptions {
  node: string;
  /** Use this CouchDB; otherwise an embedded one is started. */
  couchUrl?: string;
  embedded?: { port: number; host?: string; dataDir?: string; admin?: AdminSettings };
  /** AMQP_URL: always this broker. Unset: the local broker if it answers, else in-process (only if allowed). */
  amqpUrl?: string;
  allowLocalBus: boolean;
  http: { port: number; host: string };
  /** Where services keep local state beside the database (rating's ratedeck snapshots); default: each service's own. */
  stateDir?: string;
  services: readonly ServiceName[];
  /** Create the master account on first run with these credentials. */
  master?: MasterCredentials;
  heartbeat?: boolean;
  /**
   * The operations port (GET /metrics, GET /health), TOLLGATE_METRICS_PORT; none when absent. One
   * per process: `tollgate up` shows every service there, each labelled with its name.
   */
  ops?: { port: number; host?: string };
}

export interface Platform {
  deps: ServiceDeps;
  couchUrl: string;
  embedded?: EmbeddedCouchDB;
  crossbarUrl?: string;
  services: StartedService[];
  master?: { accountId: string; created: boolean };
  /** Where /metrics and /health answer, when the platform was started with `ops`. */
  opsUrl?: string;
  stop(): Promise<void>;
}

export async function startPlatform(opts: PlatformOptions): Promise<Platform> {
  const stops: (() => Promise<void>)[] = [];
  let heartbeat: Heartbeat | undefined;
  // Each step is bounded: a platform that failed to start must still exit with its reason.
  const stopAll = async () => {
    for (const stop of stops.reverse()) {
      await boundedStop(stop).catch((err) => log.warn('stop failed', { error: (err as Error).message }));
    }
  };
  try {
    const e = opts.embedded ?? { port: 15984 };
    await assertPortsFree([
      ...(opts.couchUrl ? [] : [{ port: e.port, host: e.host ?? '127.0.0.1', variable: 'TOLLGATE_COUCHDB_PORT' }]),
      ...(opts.services.includes('crossbar-api') ? [{ port: opts.http.port, host: opts.http.host, variable: 'TOLLGATE_HTTP_PORT' }] : []),
      ...(opts.ops ? [{ port: opts.ops.port, host: opts.ops.host ?? '127.0.0.1', variable: 'TOLLGATE_METRICS_PORT' }] : []),
    ]);
    let embedded: EmbeddedCouchDB | undefined;
    let couchUrl = opts.couchUrl;
    if (!couchUrl) {
      embedded = await startEmbeddedCouchDB({ port: e.port, host: e.host, dataDir: e.dataDir, admin: e.admin }).catch((err) => {
        throw portError(err, e.port, 'TOLLGATE_COUCHDB_PORT');
      });
      stops.push(() => embedded!.close());
      couchUrl = embedded.url;
    }
    const couch = new Couch(couchUrl);
    await ensureGlobalDbs(couch);
    const platform = await platformIdentity(couch, couchUrl);

    const bus: Bus = opts.allowLocalBus
      ? await chooseBus({ amqpUrl: opts.amqpUrl, appName: 'tollgate', appVersion: APP_VERSION, node: opts.node, log, platform })
      : createAmqpBus({ url: opts.amqpUrl ?? 'amqp://guest:guest@127.0.0.1:5672', appName: 'tollgate', appVersion: APP_VERSION, node: opts.node, log, platform });
    stops.push(() => bus.close());

    const config = new SystemConfig({ couch, node: opts.node });
    await config.start();
    stops.push(() => config.stop());
    const board = new ReadinessBoard();
    const metrics = new Metrics();
    const deps: ServiceDeps = { couch, bus, config, node: opts.node, readiness: board, metrics };
    // The process's own series are labelled with its one service, or `tollgate` for `tollgate up`.
    const processLabel = opts.services.length === 1 ? opts.services[0] : 'tollgate';
    const reconnects = metrics.counter('tollgate_amqp_reconnects_total', 'AMQP connections re-established after a loss').labels({ service: processLabel });
    const disconnects = metrics.counter('tollgate_amqp_disconnects_total', 'AMQP connections lost').labels({ service: processLabel });
    // Shown at 0 from the start, so increase() and alerts see the first loss.
    reconnects.inc(0);
    disconnects.inc(0);
    let everConnected = bus.connected;
    const offConnected = bus.on('connected', () => {
      if (everConnected) reconnects.inc();
      everConnected = true;
    });
    const offDisconnected = bus.on('disconnected', () => disconnects.inc());
    stops.push(async () => {
      offConnected();
      offDisconnected();
    });

    const master = opts.master ? await bootstrapMaster(deps, opts.master) : undefined;

    // The node is advertised while its services start, so `tollgate status` shows what each is
    // doing (rating indexing a ratedeck); a service is ready once its start() resolved and, if it
    // posts its readiness, once it says so. startPlatform resolves only when every one is ready.
    const started = new Set<string>();
    const readiness = () =>
      Object.fromEntries(
        opts.services.map((name) => {
          const posted = board.get(name);
          if (!started.has(name)) return [name, { ready: false, detail: posted?.detail ?? 'starting' }];
          return [name, posted ?? { ready: true }];
        }),
      );
    const info: HeartbeatInfo = { node: opts.node, services: [...opts.services], bus: bus.mode, pid: process.pid, readiness };
    if (opts.heartbeat !== false && opts.services.length > 0) heartbeat = await startHeartbeat(couch, info);
    let ops: OpsServer | undefined;
    if (opts.ops) {
      const server = await startOpsServer({ ...opts.ops, metrics, service: processLabel, health: () => checkHealth({ couch, bus, readiness }) }).catch((err) => {
        throw portError(err, opts.ops?.port ?? 0, 'TOLLGATE_METRICS_PORT');
      });
      ops = server;
      stops.push(() => server.stop());
    }

    // crossbar last: it listens only once every service behind it answers.
    const order = [...opts.services.filter((n) => n !== 'crossbar-api'), ...opts.services.filter((n) => n === 'crossbar-api')];
    const services: StartedService[] = [];
    for (const name of order) {
      const svc = await startService(name, deps, opts.http, opts.stateDir).catch((err) => {
        throw name === 'crossbar-api' ? portError(err, opts.http.port, 'TOLLGATE_HTTP_PORT') : err;
      });
      services.push(svc);
      stops.push(() => svc.stop());
      started.add(name);
      if (svc.url) info.crossbar_url = svc.url;
      await heartbeat?.beatNow();
    }
    const crossbarUrl = services.find((s) => s.url)?.url;
    if (heartbeat) {
      const beating = heartbeat;
      stops.push(() => beating.stop()); // the first thing a stop does: the node is no longer advertised
      heartbeat = undefined;
    }
    return { deps, couchUrl, embedded, crossbarUrl, services, master, opsUrl: ops?.url, stop: stopAll };
  } catch (err) {
    await heartbeat?.stop().catch(() => undefined);
    await stopAll();
    throw err;
  }
}

const STOP_STEP_MS = 10_000;

async function boundedStop(stop: () => Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`a stop step took longer than ${STOP_STEP_MS} ms; going on`)), STOP_STEP_MS);
  });
  try {
    await Promise.race([stop(), late]);
  } finally {
    clearTimeout(timer);
  }
}
