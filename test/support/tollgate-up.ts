// `tollgate up` in a process of its own, as an operator runs it: its output kept, a way to wait
// for a line of it, and free ports to give it.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** The built CLI (`npm test` builds it before jest runs). */
export const CLI = join(__dirname, '..', '..', 'cli', 'dist', 'index.js');
export const cliBuilt = existsSync(CLI);

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Up {
  proc: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

export function tollgateUp(env: NodeJS.ProcessEnv): Up {
  let out = '';
  const proc = spawn(process.execPath, [CLI, 'up'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout?.on('data', (d) => (out += d));
  proc.stderr?.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, output: () => out, exited };
}

/** Resolves once `text` is in the output; fails (with the output) if the process exits first or after `ms`. */
export async function waitForOutput(u: Up, text: string, ms = 90_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!u.output().includes(text)) {
    if (Date.now() > deadline || u.proc.exitCode !== null) throw new Error(`"${text}" not seen; output:\n${u.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
