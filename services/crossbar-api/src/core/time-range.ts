// crossbar_view:time_range: a listing's `created_from` / `created_to` in Gregorian seconds,
// `created_to` defaulting to now and `created_from` to `maximum_range` before it, never further
// apart than system_config crossbar `maximum_range` (read once, live through `_changes`).
import { sharedLiveSettings, type SystemConfig } from '@tollgate/config';
import { errors } from '@tollgate/errors';
import { gregorianNow } from '@tollgate/kazoo-db';
import type { RequestContext } from './types';

const CROSSBAR_CONFIG = 'crossbar';

export interface RangeSettings {
  /** The widest created_from..created_to a listing may ask for, seconds (31 days). */
  maximumRangeS: number;
}

export async function loadRangeSettings(config: SystemConfig): Promise<RangeSettings> {
  return { maximumRangeS: await config.getInteger(CROSSBAR_CONFIG, 'maximum_range', 2_682_000) };
}

const live = sharedLiveSettings([CROSSBAR_CONFIG], loadRangeSettings);

export interface TimeRange {
  from: number;
  to: number;
}

/** The request's range, or Kazoo's 400 field errors (`created_from` `date_range`, a bad number `type`). */
export async function requestedTimeRange(ctx: RequestContext): Promise<TimeRange> {
  const max = (await live(ctx.deps.config)).current.maximumRangeS;
  const seconds = (key: string): number | undefined => {
    const raw = ctx.query[key];
    if (raw === undefined || raw === '') return undefined;
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n < 0) throw errors.field(key, 'type', `${key} must be a number of Gregorian seconds`, { cause: raw });
    return n;
  };
  const to = seconds('created_to') ?? gregorianNow();
  const from = seconds('created_from') ?? to - max;
  if (to < from) throw errors.field('created_from', 'date_range', `created_to ${to} is prior to created_from ${from}`, { cause: from });
  if (to - from > max) throw errors.field('created_from', 'date_range', `created_to ${to} is more than ${max} seconds from created_from ${from}`, { cause: to });
  return { from, to };
}
