import { findMasterAccountId } from '@tollgate/accounts';
import { encodedAccountDb } from '@tollgate/kazoo-db';
import type { Command } from 'commander';
import { CliError } from '../cli-error';
import { connectConfig } from '../platform/connect';
import type { CliCommand } from './command';

export const masterAccountDb: CliCommand = {
  register(program: Command) {
    program
      .command('master_account_db')
      .description("print the master account's database name, encoded as in CouchDB URLs (kapps_util:get_master_account_db)")
      .action(async () => {
        const { couch, config } = await connectConfig();
        const id = await findMasterAccountId({ couch, config });
        if (!id) throw new CliError('no master account yet (run `tollgate up` once)');
        process.stdout.write(`${encodedAccountDb(id)}\n`);
      });
  },
};
