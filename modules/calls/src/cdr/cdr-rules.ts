// cdr_channel_destroy's reasons to keep no CDR of a channel: an application in `cdr`
// `ignore_apps` (milliwatt: a test tone), and the leg of a loopback channel that bowed out
// (`ignore_loopback_bowout`), unless it hung up abnormally on its B leg.
import type { KazooMessage } from '@tollgate/kazoo-bus';
import type { CdrSettings } from '../charge/config';

function isTrue(v: unknown): boolean {
  return v === true || v === 'true';
}

function isNormalHangup(cause: unknown): boolean {
  return cause === undefined || (typeof cause === 'string' && cause.startsWith('NORMAL'));
}

/** Why no CDR is kept for this event, or undefined to keep one. */
export function cdrIgnored(event: KazooMessage, settings: CdrSettings): string | undefined {
  const app = event['Application-Name'];
  if (typeof app === 'string' && settings.ignoreApps.includes(app)) return `ignoring cdr request from ${app}`;
  const loopback =
    settings.ignoreLoopbackBowout &&
    isTrue(event['Channel-Is-Loopback']) &&
    isTrue(event['Channel-Loopback-Bowout']) &&
    isTrue(event['Channel-Loopback-Bowout-Execute']) &&
    (isNormalHangup(event['Hangup-Cause']) || event['Channel-Loopback-Leg'] !== 'B');
  return loopback ? 'ignoring cdr request for loopback channel' : undefined;
}
