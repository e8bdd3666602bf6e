// `tollgate import rates <file.csv> [--ratedeck <id>] [--replace]`: the rates/import task, created by
// the same createTask crossbar runs (as the master account, a superduper admin) and started on the
// tasks service over the bus, with a progress bar until it ends.
import { createReadStream, existsSync } from 'node:fs';
import { basename } from 'node:path';
import { findMasterAccountId } from '@tollgate/accounts';
import { nodeName } from '@tollgate/config';
import { createAmqpBus, TASKS_REPLY } from '@tollgate/kazoo-bus';
import { ratedeckIdProblem } from '@tollgate/ratedecks';
import { createTask, publicTaskFields, requestStart, type TaskDoc, TaskStore } from '@tollgate/tasks';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { CliError } from '../cli-error';
import { connectConfig } from '../platform/connect';
import { readSettings } from '../settings';
import type { CliCommand } from './command';

const DEFAULT_AMQP = 'amqp://guest:guest@127.0.0.1:5672';

function importGroup(program: Command): Command {
  return program.commands.find((c) => c.name() === 'import') ?? program.command('import').description('bulk imports run as tasks');
}

/** What is left at the pace so far; nothing to say before the first row is done. */
export function etaText(done: number, total: number, elapsedMs: number): string {
  if (done <= 0 || elapsedMs <= 0) return 'ETA …';
  if (done >= total) return 'ETA 0s';
  const seconds = Math.ceil(((total - done) * elapsedMs) / done / 1000);
  return seconds >= 60 ? `ETA ${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s` : `ETA ${seconds}s`;
}

async function follow(store: TaskStore, id: string, quiet: boolean): Promise<TaskDoc> {
  const first = await store.get(id);
  const total = first?.pvt_total_rows ?? 0;
  const started = Date.now();
  const bar = quiet ? undefined : new SingleBar({ format: 'importing [{bar}] {percentage}% | {value}/{total} rows | {failed} failed | {eta}', hideCursor: true });
  bar?.start(total, 0, { failed: 0, eta: etaText(0, total, 0) });
  for (;;) {
    const doc = await store.get(id);
    if (!doc) throw new CliError(`task ${id} disappeared`);
    const done = (doc.pvt_total_rows_succeeded ?? 0) + (doc.pvt_total_rows_failed ?? 0);
    bar?.update(done, { failed: doc.pvt_total_rows_failed ?? 0, eta: etaText(done, total, Date.now() - started) });
    if (doc.pvt_status !== 'executing' && doc.pvt_status !== 'pending') {
      bar?.stop();
      return doc;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

export const importRates: CliCommand = {
  register(program: Command) {
    importGroup(program)
      .command('rates')
      .argument('<file>', 'CSV with a header row; at least prefix and rate_cost')
      .option('--ratedeck <id>', 'ratedeck for rows without a ratedeck_id (default: the system deck "ratedeck")')
      .option('--replace', 'afterwards retire the rates of each touched deck that the file lacks')
      .option('--no-progress', 'no progress bar')
      .description('import a ratedeck CSV through the tasks service (as PUT /v2/tasks?category=rates&action=import)')
      .action(async (file: string, opts: { ratedeck?: string; replace?: boolean; progress: boolean }) => {
        if (!existsSync(file)) throw new CliError(`no such file: ${file}`);
        if (opts.ratedeck && ratedeckIdProblem(opts.ratedeck)) throw new CliError(ratedeckIdProblem(opts.ratedeck) as string);
        const { couch, config } = await connectConfig();
        const master = await findMasterAccountId({ couch, config });
        if (!master) throw new CliError('no master account yet (run `tollgate up` once)');
        const bus = createAmqpBus({ url: readSettings().amqpUrl ?? DEFAULT_AMQP, appName: 'tollgate-cli', appVersion: '4.3.0', node: nodeName('tollgate-cli') });
        try {
          const task = await createTask(
            { couch, bus },
            {
              accountId: master,
              category: 'rates',
              action: 'import',
              fileName: basename(file),
              csv: createReadStream(file),
              options: { ...(opts.ratedeck ? { ratedeck_id: opts.ratedeck } : {}), ...(opts.replace ? { mode: 'replace' } : {}) },
              caller: { authAccountId: master, isSuperduperAdmin: true, accountIsReseller: true },
            },
          );
          process.stdout.write(`task ${task._id}: ${task.pvt_total_rows} rows\n`);
          const reply = await requestStart(bus, task._id);
          if (reply === TASKS_REPLY.alreadyStarted) throw new CliError(`task ${task._id} was already started`);
          const done = publicTaskFields(await follow(new TaskStore({ couch }), task._id, !opts.progress || !process.stdout.isTTY), true);
          process.stdout.write(`${JSON.stringify(done, null, 2)}\n`);
          if (done.status !== 'success') {
            process.stdout.write(`see the failed rows: tollgate tasks show ${done.id}; GET /v2/tasks/${done.id}/output\n`);
            process.exitCode = 1;
          }
        } finally {
          await bus.close();
        }
      });
  },
};
