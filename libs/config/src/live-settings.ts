// A module's settings as one typed snapshot, loaded from system_config (defaults written back) and
// loaded again whenever one of its categories changes, whoever changed it (Fauxton included). Hot
// paths read `current` and never wait on CouchDB. The pattern every module's config.ts follows:
//
//   export async function loadRatingSettings(config: SystemConfig): Promise<RatingSettings> {
//     return { defaultRateCost: await config.getNumber('hotornot', 'default_rate_cost', 0), … };
//   }
//   const settings = await LiveSettings.start(config, ['hotornot'], loadRatingSettings);
//   settings.current.defaultRateCost
import { createLogger } from '@tollgate/log';
import type { SystemConfig } from './system-config';

const log = createLogger('config');

export class LiveSettings<T> {
  private value: T;
  private off: (() => void) | undefined;
  private reloading: Promise<void> | undefined;
  private again = false;

  private constructor(
    private readonly config: SystemConfig,
    private readonly load: (config: SystemConfig) => Promise<T>,
    initial: T,
  ) {
    this.value = initial;
  }

  /** Loads the settings once and follows `categories` for changes. */
  static async start<T>(config: SystemConfig, categories: readonly string[], load: (config: SystemConfig) => Promise<T>): Promise<LiveSettings<T>> {
    const holder = new LiveSettings(config, load, await load(config));
    const watched = new Set(categories);
    holder.off = config.onChange((category) => {
      if (watched.has(category)) holder.reload();
    });
    return holder;
  }

  get current(): T {
    return this.value;
  }

  /** Resolves once every reload asked for so far has finished. */
  async settled(): Promise<void> {
    while (this.reloading) await this.reloading;
  }

  /** Loads again now (after a write this process made, without waiting for `_changes`). */
  async refresh(): Promise<T> {
    this.reload();
    await this.settled();
    return this.value;
  }

  private reload(): void {
    if (this.reloading) {
      this.again = true;
      return;
    }
    this.reloading = this.load(this.config)
      .then((v) => {
        this.value = v;
      })
      .catch((err) => {
        log.warn('could not reload settings from system_config; keeping the previous ones', { error: (err as Error).message });
      })
      .finally(() => {
        this.reloading = undefined;
        if (this.again) {
          this.again = false;
          this.reload();
        }
      });
  }

  stop(): void {
    this.off?.();
    this.off = undefined;
  }
}

/**
 * A function giving one live snapshot per SystemConfig, started the first time any caller of the
 * process asks and shared by all of them; a failed first load (CouchDB down) is tried again by the
 * next caller. A module's config.ts exports it as `<module>Settings`.
 */
export function sharedLiveSettings<T>(categories: readonly string[], load: (config: SystemConfig) => Promise<T>): (config: SystemConfig) => Promise<LiveSettings<T>> {
  const started = new WeakMap<SystemConfig, Promise<LiveSettings<T>>>();
  return (config) => {
    let live = started.get(config);
    if (!live) {
      live = LiveSettings.start(config, categories, load);
      started.set(config, live);
      live.catch(() => started.delete(config));
    }
    return live;
  };
}
