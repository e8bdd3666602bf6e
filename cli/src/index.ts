#!/usr/bin/env node
import { isKazooError, summarizeKazooError } from '@tollgate/errors';
import { Command } from 'commander';
import { CliError } from './cli-error';
import { commands } from './commands';

export { startPlatform, type Platform, type PlatformOptions } from './platform/start-platform';
export { SERVICE_NAMES, type ServiceName } from './platform/service-registry';
export { commands } from './commands';

async function main(argv: string[]): Promise<void> {
  const program = new Command('tollgate')
    .description("Tollgate: Kazoo-compatible billing, rating and reseller back office (this project's `sup`)")
    .showHelpAfterError()
    .configureOutput({ outputError: (str, write) => write(str) });
  for (const c of commands) c.register(program);
  program.exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    // Commander's errors have string codes; a KazooError's code is its HTTP status.
    const code = (err as { code?: unknown }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') return;
    if (typeof code === 'string' && code.startsWith('commander.')) {
      process.exitCode = (err as { exitCode?: number }).exitCode ?? 1;
      return;
    }
    const message = err instanceof CliError ? err.message : isKazooError(err) ? summarizeKazooError(err) : ((err as Error)?.message ?? String(err));
    process.stderr.write(`tollgate: ${message}\n`);
    if (!(err instanceof CliError) && process.env.TOLLGATE_DEBUG) process.stderr.write(`${(err as Error)?.stack}\n`);
    process.exitCode = err instanceof CliError ? err.exitCode : 1;
  }
}

if (require.main === module) void main(process.argv);
