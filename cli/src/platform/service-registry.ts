import { join } from 'node:path';
import * as charging from '@tollgate/charging';
import { startCrossbar } from '@tollgate/crossbar-api';
import * as numberManager from '@tollgate/number-manager';
import * as rating from '@tollgate/rating';
import type { RunningService, ServiceDeps } from '@tollgate/service-kit';
import * as servicesSync from '@tollgate/services-sync';
import * as tasks from '@tollgate/tasks-service';
import { TASKS_QUEUE } from '@tollgate/kazoo-bus';

export const SERVICE_NAMES = ['crossbar-api', 'rating', 'services-sync', 'number-manager', 'tasks', 'charging'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export interface HttpOptions {
  port: number;
  host: string;
}

export interface StartedService extends RunningService {
  /** crossbar's base URL. */
  url?: string;
}

/** The shared work queues the services consume (what `tollgate status` checks for other platforms). */
export const WORK_QUEUES: readonly string[] = [
  rating.RATE_REQ_QUEUE,
  rating.RATE_NUMBER_QUEUE,
  rating.RATE_NUMBERS_QUEUE,
  TASKS_QUEUE,
  numberManager.ACCOUNT_EVENTS_QUEUE,
  servicesSync.DOC_EVENTS_QUEUE,
  servicesSync.LOW_BALANCE_MAIL_QUEUE,
  charging.CHANNEL_DESTROY_QUEUE,
  charging.AUTHZ_QUEUE,
];

export function isServiceName(name: string): name is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(name);
}

export async function startService(name: ServiceName, deps: ServiceDeps, http: HttpOptions, stateDir?: string): Promise<StartedService> {
  switch (name) {
    case 'crossbar-api': {
      const cb = await startCrossbar({ deps, port: http.port, host: http.host });
      return { name, url: cb.url, stop: cb.stop };
    }
    case 'rating':
      return rating.start(deps, stateDir ? { snapshotDir: join(stateDir, 'rating-snapshots') } : {});
    case 'services-sync':
      return servicesSync.start(deps);
    case 'number-manager':
      return numberManager.start(deps);
    case 'tasks':
      return tasks.start(deps);
    case 'charging':
      return charging.start(deps);
  }
}
