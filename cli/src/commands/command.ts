import type { Command } from 'commander';

/** One CLI verb (or verb group): registers itself on the program. */
export interface CliCommand {
  register(program: Command): void;
}
