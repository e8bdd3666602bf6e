import type { SystemConfig } from '@tollgate/config';
import type { Couch } from '@tollgate/kazoo-db';
import type { Bus } from '@tollgate/kazoo-bus';
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
}

export interface RunningService {
  name: string;
  stop(): Promise<void>;
}

export type ServiceStarter = (deps: ServiceDeps) => Promise<RunningService>;
