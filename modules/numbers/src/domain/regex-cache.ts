// Regexes come from system_config (written for Erlang's PCRE). One that JavaScript cannot compile
// is logged once and treated as matching nothing, instead of crashing every lookup as Kazoo does.
import { createLogger } from '@tollgate/log';

const log = createLogger('numbers');
const cache = new Map<string, RegExp | null>();

export function compileRegex(source: string): RegExp | undefined {
  const hit = cache.get(source);
  if (hit !== undefined) return hit ?? undefined;
  let re: RegExp | null;
  try {
    re = new RegExp(source);
  } catch (err) {
    log.warn('system_config number_manager holds a regex JavaScript cannot compile; it matches nothing', {
      regex: source,
      error: (err as Error).message,
    });
    re = null;
  }
  if (cache.size > 1000) cache.clear();
  cache.set(source, re);
  return re ?? undefined;
}
