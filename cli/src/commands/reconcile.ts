// `tollgate reconcile [account id]` (sup kazoo_services_maintenance reconcile): recount quantities
// (and the effective ratedeck) without syncing; every account when no id is given.
import type { Command } from 'commander';
import { CliError } from '../cli-error';
import type { CliCommand } from './command';
import { withServices } from './services/connect-services';

export const reconcileVerb: CliCommand = {
  register(program: Command) {
    program
      .command('reconcile')
      .argument('[account_id]')
      .description("recount an account's quantities from its db (all accounts without an id), without syncing")
      .action(async (accountId?: string) =>
        withServices(async ({ store }) => {
          if (!accountId) {
            let n = 0;
            for (const id of await store.allAccountIds()) {
              await store.reconcile(id);
              n++;
            }
            process.stdout.write(`reconciled ${n} accounts\n`);
            return;
          }
          const doc = await store.reconcile(accountId);
          if (!doc) throw new CliError(`account ${accountId} has no services doc`);
          process.stdout.write(`${JSON.stringify({ quantities: doc.quantities ?? {}, cascade_quantities: doc.cascade_quantities ?? {}, ratedeck: doc.ratedeck, dirty: doc.pvt_dirty === true }, null, 2)}\n`);
        }),
      );
  },
};
