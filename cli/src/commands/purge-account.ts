// `tollgate purge_account <account id>`: destroys a deleted account's databases for good.
import { purgeAccount } from '@tollgate/accounts';
import type { Command } from 'commander';
import type { CliCommand } from './command';
import { withAccountsDeps } from './accounts/connect-accounts';

export const purgeAccountVerb: CliCommand = {
  register(program: Command) {
    program
      .command('purge_account')
      .argument('<account_id>')
      .description('remove a deleted account (DELETE /v2/accounts/{id} first) with its account db and MODBs, for good')
      .action(async (accountId: string) =>
        withAccountsDeps(async (deps) => {
          await purgeAccount(deps, accountId);
          process.stdout.write(`account ${accountId} purged: its databases, accounts and services docs are gone\n`);
        }),
      );
  },
};
