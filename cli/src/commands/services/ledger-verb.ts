// Kazoo's kazoo_services_maintenance credit/2 and debit/2 on the local ledger: an amount in dollars
// becomes one admin_discretion transaction in the account's MODB; the new balance is printed.
// With `--id`, a retry (after a crash, a lost terminal) records nothing twice; Kazoo's has no such key.
import { isAccountId } from '@tollgate/kazoo-db';
import { balance, newTransaction, saveTransaction, saveTransactionOnce, TRANSACTION_KEY, TransactionKeyTaken } from '@tollgate/ledger';
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
        .option('--id <transaction_id>', 'a key of your own for this transaction: running the same command again records it once')
        .description(`${type} an account's local ledger by an amount in dollars`)
        .action(async (accountId: string, raw: string, opts: { id?: string }) =>
          withServices(async ({ store }) => {
            if (!isAccountId(accountId)) throw new CliError(`not an account id: ${accountId}`);
            const amount = parseAmount(raw);
            if (!amount?.isPositive() || amount.isZero()) throw new CliError(`amount must be a positive number of dollars, got ${raw}`);
            const units = dollarsToUnits(amount);
            if (units <= 0) throw new CliError(`amount is below the smallest unit ($0.0001): ${raw}`);
            if (opts.id !== undefined && !TRANSACTION_KEY.test(opts.id)) throw new CliError(`--id must be 1 to 128 letters, digits, '_', '-', '.' or ':', not starting with '_': ${opts.id}`);
            const tx = newTransaction({
              ...(opts.id ? { id: opts.id } : {}),
              accountId,
              type,
              amount: units,
              reason: 'admin_discretion',
              description: `system administrator ${type} modification`,
            });
            let existed = false;
            if (opts.id) {
              try {
                existed = (await saveTransactionOnce(store.writeDeps, tx)).existed;
              } catch (err) {
                if (!(err instanceof TransactionKeyTaken)) throw err;
                const { pvt_type, pvt_amount } = err.existing;
                throw new CliError(`transaction ${opts.id} already exists for ${accountId} as a ${pvt_type} of $${unitsToDecimal(pvt_amount).toFixed()}; nothing recorded`);
              }
            } else {
              await saveTransaction(store.writeDeps, tx);
            }
            const now = await balance(store.couch, accountId);
            const what = existed ? `${type} ${opts.id} of $${unitsToDecimal(units).toFixed()} was already recorded` : `${type} of $${unitsToDecimal(units).toFixed()} recorded`;
            process.stdout.write(`${what} for ${accountId}; balance $${unitsToDecimal(now).toFixed()}\n`);
          }),
        );
    },
  };
}
