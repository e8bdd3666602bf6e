// What the account verbs run with: the platform's CouchDB and system_config, and a bus for the
// document events (the local broker when it answers, else in-process: nobody hears them then, and
// the services' reconcile catches up).
import type { AccountsDeps } from '@tollgate/accounts';
import { nodeName } from '@tollgate/config';
import { isKazooError } from '@tollgate/errors';
import { chooseBus } from '@tollgate/kazoo-bus';
import { createLogger } from '@tollgate/log';
import { CliError } from '../../cli-error';
import { connectConfig } from '../../platform/connect';
import { readSettings } from '../../settings';

export async function withAccountsDeps<T>(work: (deps: AccountsDeps) => Promise<T>): Promise<T> {
  const { couch, config } = await connectConfig();
  const bus = await chooseBus({ amqpUrl: readSettings().amqpUrl, appName: 'tollgate-cli', appVersion: '4.3.0', node: nodeName('tollgate-cli'), log: createLogger('cli') });
  try {
    return await work({ couch, config, bus });
  } catch (err) {
    throw asCliError(err);
  } finally {
    await bus.close();
  }
}

/** A Kazoo error as one line: its message and the detail crossbar would put in `data`. */
export function asCliError(err: unknown): unknown {
  if (!isKazooError(err)) return err;
  const data = err.data as { message?: unknown } | undefined;
  const detail = data && typeof data === 'object' && Object.keys(data).length === 1 && typeof data.message === 'string' ? data.message : JSON.stringify(err.data);
  return new CliError(`${err.message}: ${detail}`);
}
