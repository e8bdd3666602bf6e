// `tollgate reset_password <account> <username> [password]`: the way back for a user who lost the
// password (a first start's generated one is printed once). It runs the accounts module's own user
// update, as POST /v2/accounts/{A}/users/{U} does: the credentials are rehashed and every token the
// user had stops working.
import { accountsForLogin, fetchAccount, isDeleted, listUsers, normalizeUsername, updateUser } from '@tollgate/accounts';
import type { Couch } from '@tollgate/kazoo-db';
import type { Command } from 'commander';
import { CliError } from '../cli-error';
import { generatedPassword } from '../platform/bootstrap';
import { withAccountsDeps } from './accounts/connect-accounts';
import type { CliCommand } from './command';

/** The one live account a name, realm or id names. */
async function accountNamed(couch: Couch, ref: string): Promise<{ id: string; name: string }> {
  const ids = await accountsForLogin(couch, { realm: ref, accountName: ref, accountId: ref });
  const live: { id: string; name: string }[] = [];
  for (const id of ids) {
    const doc = await fetchAccount(couch, id);
    if (doc && !isDeleted(doc)) live.push({ id, name: typeof doc.name === 'string' ? doc.name : id });
  }
  if (live.length === 0) throw new CliError(`no account named ${JSON.stringify(ref)} (give its name, realm or id)`);
  if (live.length > 1) throw new CliError(`${JSON.stringify(ref)} names ${live.length} accounts (${live.map((a) => a.id).join(', ')}): give the account id`);
  return live[0];
}

async function userNamed(couch: Couch, accountId: string, username: string): Promise<{ id: string; enabled: boolean }> {
  const wanted = normalizeUsername(username);
  const user = (await listUsers(couch, accountId)).find((row) => row.username === wanted);
  if (!user) throw new CliError(`the account has no user ${JSON.stringify(wanted)}`);
  return { id: String(user.id), enabled: user.enabled !== false };
}

export const resetPasswordVerb: CliCommand = {
  register(program: Command) {
    program
      .command('reset_password')
      .argument('<account>', 'account name, realm or id')
      .argument('<username>')
      .argument('[password]', 'the new password; omitted: one is generated and printed')
      .description("set a user's password (generated and printed when not given); the user's other sessions end")
      .action(async (accountRef: string, username: string, given: string | undefined) => {
        if (given !== undefined && given === '') throw new CliError('the password must not be empty (omit it to have one generated)');
        await withAccountsDeps(async (deps) => {
          const account = await accountNamed(deps.couch, accountRef);
          const user = await userNamed(deps.couch, account.id, username);
          const password = given ?? generatedPassword();
          await updateUser(deps, account.id, user.id, { password }, { mode: 'patch' });
          const lines = [`password of ${normalizeUsername(username)} in account ${account.name} (${account.id}) reset; its tokens so far no longer work`];
          if (given === undefined) lines.push(`password: ${password}`);
          if (!user.enabled) lines.push('note: this user is disabled and cannot log in until it is enabled again');
          process.stdout.write(`${lines.join('\n')}\n`);
        });
      });
  },
};
