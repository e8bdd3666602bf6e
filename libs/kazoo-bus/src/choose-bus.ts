// AMQP_URL set: that broker, always. Unset: the local broker if one answers at start, else the
// in-process bus (DESIGN.md, Messaging).
import type { Logger } from '@tollgate/log';
import { connect } from 'amqplib';
import { createAmqpBus } from './amqp-bus';
import { redactUrl } from './amqp-connection';
import { createLocalBus } from './local-bus';
import type { Bus } from './types';
import type { PlatformIdentity } from './work-queue-claim';

const LOCAL_BROKER_URL = 'amqp://guest:guest@127.0.0.1:5672';

export interface ChooseBusOptions {
  amqpUrl?: string;
  appName: string;
  appVersion: string;
  node?: string;
  log: Logger;
  /** Where to look for a broker when amqpUrl is unset; default LOCAL_BROKER_URL. */
  probeUrl?: string;
  /** How long the probe waits for a broker; default 1500 ms. */
  probeTimeoutMs?: number;
  /** Claims the work queues for this platform (AmqpBusOptions.platform). */
  platform?: PlatformIdentity;
}

/** One connection attempt; resolves with the reason when no broker answered in time. */
async function probeAmqp(url: string, timeoutMs: number): Promise<{ ok: true } | { ok: false; reason: string }> {
  let timer: NodeJS.Timeout | undefined;
  const attempt = connect(url, { noDelay: true, timeout: timeoutMs });
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const conn = await Promise.race([attempt, timeout]);
    await conn.close().catch(() => {});
    return { ok: true };
  } catch (err) {
    // A connection that opens after we gave up must not stay open.
    attempt.then((late) => late.close().catch(() => {})).catch(() => {});
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

/** The broker a platform uses: AMQP_URL when set, else the local one if it answers; else why none. */
export async function chooseBrokerUrl(
  amqpUrl: string | undefined,
  probeUrl = LOCAL_BROKER_URL,
  probeTimeoutMs = 1500,
): Promise<{ url: string; probed: boolean } | { url: undefined; probeUrl: string; reason: string }> {
  if (amqpUrl) return { url: amqpUrl, probed: false };
  const probe = await probeAmqp(probeUrl, probeTimeoutMs);
  return probe.ok ? { url: probeUrl, probed: true } : { url: undefined, probeUrl, reason: probe.reason };
}

export async function chooseBus(options: ChooseBusOptions): Promise<Bus> {
  const { appName, appVersion, node, log, platform } = options;
  const broker = await chooseBrokerUrl(options.amqpUrl, options.probeUrl, options.probeTimeoutMs);
  if (broker.url !== undefined) {
    if (broker.probed) log.info(`AMQP_URL unset; using the AMQP broker found at ${redactUrl(broker.url)}`);
    return createAmqpBus({ url: broker.url, appName, appVersion, node, log, platform });
  }
  log.warn(
    `AMQP_URL unset and no AMQP broker at ${redactUrl(broker.probeUrl)} (${broker.reason}): using the in-process bus. ` +
      'Softswitch AMQP requests (rate_req) will NOT be served and other processes cannot reach these services; ' +
      'set AMQP_URL to a RabbitMQ broker for that.',
  );
  return createLocalBus({ appName, appVersion, node, log });
}
