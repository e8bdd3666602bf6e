// `tollgate sync <account id>` (sup kazoo_services_maintenance sync): sync one account with its
// bookkeeper now, ignoring the buffer period, following billing_id.
import { syncNow } from '@tollgate/services';
import type { Command } from 'commander';
import { CliError } from '../cli-error';
import type { CliCommand } from './command';
import { describeOutcome, withServices } from './services/connect-services';

export const syncVerb: CliCommand = {
  register(program: Command) {
    program
      .command('sync')
      .argument('<account_id>')
      .description("sync an account's services with its bookkeeper now (follows billing_id)")
      .action(async (accountId: string) =>
        withServices(async (deps) => {
          const outcome = await syncNow(deps, accountId);
          // A failure is said once, on stderr; a success on stdout.
          if (outcome.result === 'failed' || outcome.result === 'missing' || outcome.result === 'busy') throw new CliError(describeOutcome(outcome));
          process.stdout.write(`${describeOutcome(outcome)}\n`);
        }),
      );
  },
};
