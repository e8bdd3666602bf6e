export { type CreateTaskDeps, type CreateTaskRequest, createTask, newTaskId, type TaskCaller } from './create-task';
export { type CsvInspection, type CsvInspectOptions, EMPTY_OR_UNEVEN, inspectCsv, MALFORMED, MAX_COLLECTED } from './csv-inspect';
export { checkTaskRatedecks, taskIsRatedeckAdmin } from './task-ratedecks';
export { type CsvRow, csvRows } from './csv-rows';
export { csvCell, csvLine, defuseFormulaCell, recordsToCsv, restoreFormulaCell } from './csv-text';
export {
  lookupReq,
  lookupResp,
  REPLY_ALREADY_STARTED,
  REPLY_NOT_FOUND,
  REPLY_NOT_RUNNING,
  startReq,
  startResp,
  stopReq,
  stopResp,
  TASKS_EXCHANGE,
  TASKS_QUEUE,
  TASKS_REQUEST_TTL_MS,
  TASKS_ROUTING,
} from './kapi-tasks';
export {
  csvNames,
  finishedStatus,
  INPUT_CSV,
  isRunning,
  isTaskDoc,
  OUTPUT_CSV,
  type PublicTask,
  publicTask,
  publicTaskFields,
  TASK_STATUSES,
  TASK_TYPE,
  TASKS_DB,
  type TaskDoc,
  type TaskStatus,
  type TaskWorker,
  taskWorker,
} from './task-doc';
export { type ActionHelp, type ActionPolicy, expectsInput, NO_INPUT, type TasksHelp, type TasksPolicies } from './task-help';
export { OUTPUT_PART_TYPE, type OutputPart, TaskStore } from './task-store';
export { DEFAULT_RPC_TIMEOUT_MS, type LookupResult, lookupTasks, requestStart, requestStop, tasksUnavailable } from './tasks-rpc';
export { downloadName } from './download-name';
