// `tollgate services show <account id>`: the services doc as an operator needs it (status,
// reseller, plans, quantities, ratedeck, last sync, failures) and the invoice preview.
import { invoiceJson, priceItems } from '@tollgate/services';
import type { Command } from 'commander';
import { CliError } from '../cli-error';
import type { CliCommand } from './command';
import { withServices } from './services/connect-services';

export const servicesVerb: CliCommand = {
  register(program: Command) {
    const cmd = program.command('services').description("an account's services (quantities, plans, billing status)");
    cmd
      .command('show')
      .argument('<account_id>')
      .description('print the services doc and the invoice preview as JSON')
      .action(async (accountId: string) =>
        withServices(async ({ store }) => {
          const doc = await store.get(accountId);
          if (!doc) throw new CliError(`account ${accountId} has no services doc`);
          const items = await store.billedItems(doc);
          const out = {
            account_id: accountId,
            status: doc.pvt_status ?? 'good_standing',
            status_reason: doc.pvt_status_reason,
            dirty: doc.pvt_dirty === true,
            reseller: doc.pvt_reseller === true,
            reseller_id: doc.pvt_reseller_id,
            billing_id: doc.billing_id ?? accountId,
            plans: doc.plans ?? {},
            plan_errors: doc.pvt_plan_errors,
            ratedeck: doc.ratedeck,
            quantities: doc.quantities ?? {},
            cascade_quantities: doc.cascade_quantities ?? {},
            last_sync: doc.pvt_last_sync,
            sync_failures: doc.pvt_sync_failures,
            summary: invoiceJson(priceItems(items)),
          };
          process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
        }),
      );
  },
};
