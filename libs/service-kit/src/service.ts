import type { SystemConfig } from '@tollgate/config';
import type { Couch } from '@tollgate/kazoo-db';
import type { Bus } from '@tollgate/kazoo-bus';
import type { Metrics } from './metrics';
import type { ReadinessBoard } from './readiness';

/** What every service is started with; `tollgate up` shares one set among all services in its process. */
export interface ServiceDeps {
  couch: Couch;
  bus: Bus;
  config: SystemConfig;
  /** This process's node name (Kazoo's erlang node), e.g. `tollgate@host`. */
  node: string;
  /** Where a starting service posts how far it is; services that start at once need not. */
  readiness?: ReadinessBoard;
  /** Where the services of this process report their Prometheus metrics (metricsOf: else the process's registry). */
  metrics?: Metrics;
}

export interface RunningService {
  name: string;
  stop(): Promise<void>;
}

export type ServiceStarter = (deps: ServiceDeps) => Promise<RunningService>;
