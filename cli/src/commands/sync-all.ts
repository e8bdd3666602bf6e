// `tollgate sync_all`: sync every account now, with a progress bar; failures are listed at the end
// and do not stop the others.
import { syncNow } from '@tollgate/services';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { CliError } from '../cli-error';
import type { CliCommand } from './command';
import { describeOutcome, withServices } from './services/connect-services';

export const syncAllVerb: CliCommand = {
  register(program: Command) {
    program
      .command('sync_all')
      .description('sync every account with its bookkeeper now')
      .action(async () =>
        withServices(async (deps) => {
          const ids = await deps.store.allAccountIds();
          const bar = new SingleBar({ format: 'sync_all [{bar}] {value}/{total} accounts', stream: process.stderr, noTTYOutput: false });
          bar.start(ids.length, 0);
          const problems: string[] = [];
          const counts: Record<string, number> = {};
          for (const id of ids) {
            const outcome = await syncNow(deps, id).catch((err: Error) => ({ account: id, result: 'failed' as const, reason: err.message, retryAt: 0 }));
            counts[outcome.result] = (counts[outcome.result] ?? 0) + 1;
            if (outcome.result === 'failed' || outcome.result === 'busy') problems.push(describeOutcome(outcome));
            bar.increment();
          }
          bar.stop();
          process.stdout.write(`${ids.length} accounts: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ') || 'none'}\n`);
          for (const p of problems) process.stdout.write(`${p}\n`);
          if (problems.length) throw new CliError(`${problems.length} account(s) could not be synced`);
        }),
      );
  },
};
