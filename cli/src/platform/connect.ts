// What a short-lived CLI verb needs: the CouchDB the platform uses, and config on it.
import { SystemConfig, nodeName } from '@tollgate/config';
import { Couch, isUnauthorized, redactedUrl } from '@tollgate/kazoo-db';
import { CliError } from '../cli-error';
import { couchUrlOf, readSettings } from '../settings';

const CREDENTIALS_HINT =
  'COUCHDB_URL=http://<user>:<password>@host:port, or for the embedded server TOLLGATE_COUCHDB_USER / TOLLGATE_COUCHDB_PASSWORD (default: the admin kept in the data dir)';

export async function connectCouch(): Promise<Couch> {
  const url = couchUrlOf(readSettings());
  const couch = new Couch(url);
  // GET /_session answers anonymous callers too, and names the user the credentials log in as.
  let user: string | undefined;
  try {
    user = await couch.sessionUser();
  } catch (err) {
    if (isUnauthorized(err)) throw new CliError(`CouchDB at ${redactedUrl(url)} refused the credentials (set ${CREDENTIALS_HINT})`);
    throw new CliError(`cannot reach CouchDB at ${redactedUrl(url)} (is \`tollgate up\` running? set COUCHDB_URL otherwise)`);
  }
  if (!user) throw new CliError(`CouchDB at ${redactedUrl(url)} needs credentials (set ${CREDENTIALS_HINT})`);
  return couch;
}

/** system_config without the live follower: a CLI verb reads and writes once. */
export async function connectConfig(): Promise<{ couch: Couch; config: SystemConfig }> {
  const couch = await connectCouch();
  return { couch, config: new SystemConfig({ couch, node: nodeName('tollgate-cli') }) };
}
