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
