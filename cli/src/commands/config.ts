import type { Command } from 'commander';
import { CliError } from '../cli-error';
import { connectConfig } from '../platform/connect';
import type { CliCommand } from './command';

function keyPath(key: string): string[] {
  return key.split('.');
}

function parseValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new CliError(`value must be JSON (strings in quotes: '"text"'), got ${raw}`);
  }
}

export const config: CliCommand = {
  register(program: Command) {
    const cmd = program.command('config').description('read and write system_config (dotted keys reach into objects: should_publish_system_alert.inbound)');
    cmd
      .command('get')
      .argument('<category>')
      .argument('[key]')
      .description('print a value (or the whole category doc) as JSON')
      .action(async (category: string, key?: string) => {
        const { config: c } = await connectConfig();
        const doc = await c.category(category);
        if (!doc) throw new CliError(`no system_config category "${category}"`);
        const value = key ? c.lookup(doc, keyPath(key)) : doc;
        if (value === undefined) throw new CliError(`${category} has no key "${key}"`);
        process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
      });
    cmd
      .command('set')
      .argument('<category>')
      .argument('<key>')
      .argument('<json>')
      .description("set a value (JSON) where Kazoo's kapps_config:set puts it")
      .action(async (category: string, key: string, raw: string) => {
        const { config: c } = await connectConfig();
        await c.set(category, keyPath(key), parseValue(raw));
        process.stdout.write(`${category} ${key} = ${raw}\n`);
      });
    cmd
      .command('delete')
      .argument('<category>')
      .argument('<key>')
      .description('remove a key (the service default applies again)')
      .action(async (category: string, key: string) => {
        const { config: c } = await connectConfig();
        await c.delete(category, keyPath(key));
        process.stdout.write(`${category} ${key} deleted\n`);
      });
  },
};
