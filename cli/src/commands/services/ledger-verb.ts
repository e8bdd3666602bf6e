// Kazoo's kazoo_services_maintenance credit/2 and debit/2 on the local ledger: an amount in dollars
// becomes one admin_discretion transaction in the account's MODB; the new balance is printed.
import { isAccountId } from '@tollgate/kazoo-db';
import { balance, newTransaction, saveTransaction } from '@tollgate/services';
import { dollarsToUnits, parseAmount, unitsToDecimal } from '@tollgate/money';
import type { Command } from 'commander';
import { CliError } from '../../cli-error';
import type { CliCommand } from '../command';
import { withServices } from './connect-services';

export function ledgerVerb(type: 'credit' | 'debit'): CliCommand {
  return {
    register(program: Command) {
      program
        .command(type)
        .argument('<account_id>')
        .argument('<amount>', 'dollars, e.g. 25 or 0.50')
        .description(`${type} an account's local ledger by an amount in dollars`)
        .action(async (accountId: string, raw: string) =>
          withServices(async ({ store }) => {
            if (!isAccountId(accountId)) throw new CliError(`not an account id: ${accountId}`);
            const amount = parseAmount(raw);
            if (!amount?.isPositive() || amount.isZero()) throw new CliError(`amount must be a positive number of dollars, got ${raw}`);
            const units = dollarsToUnits(amount);
            if (units <= 0) throw new CliError(`amount is below the smallest unit ($0.0001): ${raw}`);
            const tx = newTransaction({
              accountId,
              type,
              amount: units,
              reason: 'admin_discretion',
              description: `system administrator ${type} modification`,
            });
            await saveTransaction(store.couch, tx);
            const now = await balance(store.couch, accountId);
            process.stdout.write(`${type} of $${unitsToDecimal(units).toFixed()} recorded for ${accountId}; balance $${unitsToDecimal(now).toFixed()}\n`);
          }),
        );
    },
  };
}
