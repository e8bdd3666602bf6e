// `tollgate demote_reseller <account id>`: the same code as DELETE /v2/accounts/{id}/reseller.
import { demoteReseller, listDescendants } from '@tollgate/accounts';
import { fetchServices } from '@tollgate/services';
import type { Command } from 'commander';
import type { CliCommand } from './command';
import { withAccountsDeps } from './accounts/connect-accounts';

export const demoteResellerVerb: CliCommand = {
  register(program: Command) {
    program
      .command('demote_reseller')
      .argument('<account_id>')
      .description('remove reseller status: its sub-accounts fall back to the next reseller above (or the master)')
      .action(async (accountId: string) =>
        withAccountsDeps(async (deps) => {
          await demoteReseller(deps, accountId);
          const below = await listDescendants(deps.couch, accountId);
          const reseller = (await fetchServices(deps.couch, accountId))?.pvt_reseller_id;
          process.stdout.write(`account ${accountId} is no longer a reseller; it and its ${below.length} sub-account(s) now belong to ${reseller ?? 'none'}\n`);
        }),
      );
  },
};
