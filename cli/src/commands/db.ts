import type { Command } from 'commander';
import { connectCouch } from '../platform/connect';
import type { CliCommand } from './command';

export const db: CliCommand = {
  register(program: Command) {
    const cmd = program.command('db').description('database maintenance');
    cmd
      .command('ls')
      .argument('[prefix]', 'only names starting with this, e.g. account/ or ratedeck')
      .description('list databases')
      .action(async (prefix?: string) => {
        const couch = await connectCouch();
        for (const name of await couch.listDbs(prefix)) process.stdout.write(`${name}\n`);
      });
  },
};
