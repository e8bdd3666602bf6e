// @tollgate/tasks: Kazoo's tasks (kz_tasks, cb_tasks): the task document and its public JSON, the
// `tasks` db (TaskStore, its one writer), task creation, the requests to the tasks service, the
// CSV helpers the categories share, and system_config `tasks`.
export { loadTasksSettings, startTasksSettings, TASKS_CONFIG, type TasksSettings } from './config';
export { createTask } from './create-task';
export { csvRows } from './csv-rows';
export { csvLine, recordsToCsv } from './csv-text';
export { downloadName } from './download-name';
export { finishedStatus, INPUT_CSV, OUTPUT_CSV, publicTask, publicTaskFields, TASKS_DB, type TaskDoc, type TaskStatus } from './task-doc';
export type { ActionHelp, ActionPolicy, TasksHelp, TasksPolicies } from './task-help';
export { taskIsRatedeckAdmin } from './task-ratedecks';
export { TaskStore } from './task-store';
export { lookupTasks, requestStart, requestStop } from './tasks-rpc';
