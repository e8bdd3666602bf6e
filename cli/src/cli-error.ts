/** An error the CLI prints as one line (no stack) before exiting non-zero. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Turns a listen error into the one-line message the README promises. */
export function portError(err: unknown, port: number, variable: string): Error {
  if ((err as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
    return new CliError(`port ${port} is already in use (set ${variable} to use another one)`);
  }
  return err as Error;
}
