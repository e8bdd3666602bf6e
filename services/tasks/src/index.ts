import type { RunningService, ServiceDeps } from '@tollgate/service-kit';
import type { TaskCategory } from './categories/category';
import { categories } from './categories/registry';
import { TasksService } from './tasks-service';

export type { ExportPage, InputRow, NoInputAction, RowOutcome, RowsAction, RowsProcessor, TaskAction, TaskCategory, TaskContext } from './categories/category';
export { categories } from './categories/registry';
export { TASKS_CONFIG, tasksDefaults } from './config';
export { TasksService } from './tasks-service';

/** Starts the tasks service on shared deps; stop() releases what it holds. */
export async function start(deps: ServiceDeps, cats: readonly TaskCategory[] = categories): Promise<RunningService & { service: TasksService }> {
  const service = await new TasksService(deps, cats).start();
  return { name: 'tasks', service, stop: () => service.stop() };
}
