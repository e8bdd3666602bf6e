// A job a service runs on a timer (a crawler, a scan): wait the interval read from system_config,
// run, wait again. The timer never keeps the process alive, a failed run is logged and the next
// one tries again, and once stopped no run starts (even if the interval was being read).
import type { Logger } from '@tollgate/log';

export interface Repeating {
  /** No further run starts; a run in progress finishes on its own. */
  stop(): void;
  /** Resolves once the run in progress, if any, has finished. */
  idle(): Promise<void>;
}

export interface RepeatOptions {
  /** Read before each wait, so a changed setting applies from the next run. */
  intervalMs: () => Promise<number>;
  run: () => Promise<void>;
  log: Logger;
  /** Names the job in the log line of a failed run. */
  what: string;
}

export function startRepeating(opts: RepeatOptions): Repeating {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> | undefined;
  const tick = async () => {
    running = opts.run().catch((err: unknown) => {
      opts.log.warn(`${opts.what} failed; the next one tries again`, { error: (err as Error).message });
    });
    await running;
    running = undefined;
    await schedule();
  };
  const schedule = async () => {
    const ms = await opts.intervalMs();
    if (stopped) return;
    timer = setTimeout(tick, ms);
    timer.unref();
  };
  void schedule();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
    async idle() {
      await running;
    },
  };
}
