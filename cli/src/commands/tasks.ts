// `tollgate tasks ls` / `tasks show <id>`: the tasks db as crossbar shows it (same store, same JSON).
import { publicTask, publicTaskFields, TaskStore } from '@tollgate/tasks';
import type { Command } from 'commander';
import { CliError } from '../cli-error';
import { connectCouch } from '../platform/connect';
import type { CliCommand } from './command';

function progress(t: ReturnType<typeof publicTaskFields>): string {
  const done = (t.success_count ?? 0) + (t.failure_count ?? 0);
  return t.total_count ? `${done}/${t.total_count}` : String(done);
}

export const tasks: CliCommand = {
  register(program: Command) {
    const cmd = program.command('tasks').description('CSV tasks (rates import/export/delete, number management): list and inspect');
    cmd
      .command('ls')
      .option('--account <id>', 'only the tasks of this account')
      .option('--json', 'print JSON')
      .description('list tasks, newest first')
      .action(async (opts: { account?: string; json?: boolean }) => {
        const store = new TaskStore({ couch: await connectCouch() });
        const docs = opts.account ? await store.listByAccount(opts.account) : await store.listAll();
        const rows = docs.map((d) => publicTaskFields(d, true));
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
          return;
        }
        for (const t of rows) {
          process.stdout.write(`${t.id}  ${`${t.category}/${t.action}`.padEnd(26)} ${t.status.padEnd(14)} ${progress(t).padEnd(16)} failed ${t.failure_count ?? 0}  account ${t.account_id}\n`);
        }
      });
    cmd
      .command('show')
      .argument('<id>', 'task id')
      .description("print a task's public JSON (as GET /v2/tasks/{id})")
      .action(async (id: string) => {
        const store = new TaskStore({ couch: await connectCouch() });
        const doc = await store.get(id);
        if (!doc) throw new CliError(`no task ${id}`);
        process.stdout.write(`${JSON.stringify(publicTask(doc, true), null, 2)}\n`);
      });
  },
};
