// `tollgate create_account <name> <realm> <username> <password>` (crossbar_maintenance:create_account):
// a top-level account (or one under --parent) with an admin user, through the code crossbar runs.
import { createAccount, createUser, describeAccount } from '@tollgate/accounts';
import type { Command } from 'commander';
import type { CliCommand } from './command';
import { withAccountsDeps } from './accounts/connect-accounts';

interface CreateOptions {
  parent?: string;
}

export const createAccountVerb: CliCommand = {
  register(program: Command) {
    program
      .command('create_account')
      .argument('<account_name>')
      .argument('<realm>', 'SIP realm; "-" for a generated one')
      .argument('<username>', 'login of the admin user')
      .argument('<password>')
      .option('--parent <account_id>', 'parent account (default: the master account)')
      .description('create an account with an admin user')
      .action(async (name: string, realm: string, username: string, password: string, opts: CreateOptions) =>
        withAccountsDeps(async (deps) => {
          const account = await createAccount(deps, { parentId: opts.parent, data: { name, ...(realm !== '-' ? { realm } : {}) } });
          await createUser(deps, account._id, { username, password, first_name: 'Account', last_name: 'Admin', priv_level: 'admin' });
          process.stdout.write(`${JSON.stringify(await describeAccount(deps, account), null, 2)}\n`);
        }),
      );
  },
};
