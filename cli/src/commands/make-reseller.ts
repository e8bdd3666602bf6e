// `tollgate make_reseller <account id>` (seed 000's `sup whistle_services_maintenance make_reseller`):
// the same code as PUT /v2/accounts/{id}/reseller.
import { listDescendants, makeReseller } from '@tollgate/accounts';
import { fetchServices } from '@tollgate/services';
import type { Command } from 'commander';
import type { CliCommand } from './command';
import { withAccountsDeps } from './accounts/connect-accounts';

export const makeResellerVerb: CliCommand = {
  register(program: Command) {
    program
      .command('make_reseller')
      .argument('<account_id>')
      .description('promote an account to reseller: all its sub-accounts get it as their reseller')
      .action(async (accountId: string) =>
        withAccountsDeps(async (deps) => {
          await makeReseller(deps, accountId);
          const below = await listDescendants(deps.couch, accountId);
          const services = await fetchServices(deps.couch, accountId);
          process.stdout.write(`account ${accountId} is a reseller (its reseller: ${services?.pvt_reseller_id ?? 'none'}); ${below.length} sub-account(s) now belong to it\n`);
        }),
      );
  },
};
