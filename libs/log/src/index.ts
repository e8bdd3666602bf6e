import { Writable } from 'node:stream';
import winston from 'winston';

export type Logger = winston.Logger;

// Under jest only errors are printed (warnings are expected there: refused input, retries); TOLLGATE_LOG_LEVEL overrides.
const level = process.env.TOLLGATE_LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'error' : 'info');
const pretty = process.stdout.isTTY && process.env.TOLLGATE_LOG_FORMAT !== 'json';

const root = winston.createLogger({
  level,
  format: pretty
    ? winston.format.combine(
        winston.format.timestamp({ format: 'HH:mm:ss.SSS' }),
        winston.format.colorize(),
        winston.format.printf(({ timestamp, level: lvl, message, component, ...rest }) => {
          const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
          return `${timestamp} ${lvl} [${component ?? 'tollgate'}] ${message}${extra}`;
        }),
      )
    : winston.format.combine(winston.format.timestamp(), winston.format.json()),
  transports: [new winston.transports.Console({ stderrLevels: ['error', 'warn', 'info', 'debug'] })],
});

/** A logger tagged with the component (service or library) that writes through it. */
export function createLogger(component: string): Logger {
  return root.child({ component });
}

export type LogEntry = Record<string, unknown> & { level: string; message: string; component?: string };

/**
 * Records every entry logged from now on, at any level, instead of printing it; for tests that
 * check what an operator would see in the log. `stop()` restores printing.
 */
export function recordLogs(): { entries: LogEntry[]; stop(): void } {
  const entries: LogEntry[] = [];
  const sink = new Writable({
    objectMode: true,
    write(info: LogEntry, _enc, done) {
      entries.push({ ...info });
      done();
    },
  });
  const transport = new winston.transports.Stream({ stream: sink, level: 'debug' });
  const printing = root.transports.filter((t) => !t.silent);
  const levelBefore = root.level;
  for (const t of printing) t.silent = true;
  root.level = 'debug';
  root.add(transport);
  return {
    entries,
    stop() {
      root.remove(transport);
      root.level = levelBefore;
      for (const t of printing) t.silent = false;
    },
  };
}
