// What a short-lived CLI verb needs: the CouchDB the platform uses, and config on it.
import { SystemConfig, nodeName } from '@tollgate/config';
import { Couch } from '@tollgate/kazoo-db';
import { CliError } from '../cli-error';
import { couchUrlOf, readSettings } from '../settings';

export async function connectCouch(): Promise<Couch> {
  const url = couchUrlOf(readSettings());
  const couch = new Couch(url);
  try {
    await couch.nano.info();
  } catch {
    throw new CliError(`cannot reach CouchDB at ${url} (is \`tollgate up\` running? set COUCHDB_URL otherwise)`);
  }
  return couch;
}

/** system_config without the live follower: a CLI verb reads and writes once. */
export async function connectConfig(): Promise<{ couch: Couch; config: SystemConfig }> {
  const couch = await connectCouch();
  return { couch, config: new SystemConfig({ couch, node: nodeName('tollgate-cli') }) };
}
