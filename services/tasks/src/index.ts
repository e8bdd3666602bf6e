// The tasks service: the CSV task runner. Entry: start(deps) wires the service to the bus; the
// runner is in runner/, the categories in categories/ (one folder and a registry line each).
import type { RunningService, ServiceDeps } from '@tollgate/service-kit';
import type { TaskCategory } from './categories/category';
import { categories } from './categories/registry';
import { TasksService } from './tasks-service';

/** Starts the tasks service on shared deps; stop() releases what it holds. */
export async function start(deps: ServiceDeps, cats: readonly TaskCategory[] = categories): Promise<RunningService & { service: TasksService }> {
  const service = await new TasksService(deps, cats).start();
  return { name: 'tasks', service, stop: () => service.stop() };
}
