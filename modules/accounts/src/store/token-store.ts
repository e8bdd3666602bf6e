// Token documents in `token_auth`. They are written through a DocWriter like every other doc, but
// one built without system_config: the default change_notice_exclude_types (which lists `token`)
// always applies to them. A token's doc id IS the bearer credential, and a document event carries
// the id to every consumer bound on the `configuration` exchange; no edit of the `datamgr` list in
// Fauxton may put live credentials on the bus.
import { type Couch, GLOBAL_DBS } from '@tollgate/kazoo-db';
import { DocWriter } from '@tollgate/service-kit';
import type { AccountsDeps } from '../deps';
import { isTokenShaped, TOKEN_TYPE, type TokenDoc } from '../domain/token';

const TOKEN_DB = GLOBAL_DBS.tokenAuth;

type TokenWriteDeps = Pick<AccountsDeps, 'couch' | 'bus'>;

function tokenWriter(deps: TokenWriteDeps): DocWriter {
  return new DocWriter({ couch: deps.couch, bus: deps.bus });
}

export async function saveToken(deps: TokenWriteDeps, doc: TokenDoc & { _id: string }): Promise<TokenDoc & { _id: string; _rev: string }> {
  return tokenWriter(deps).put(TOKEN_DB, doc);
}

/** The token's doc; undefined for anything that is not a stored token. */
export async function fetchToken(couch: Couch, token: string): Promise<TokenDoc | undefined> {
  if (!isTokenShaped(token)) return undefined;
  const doc = await couch.get<TokenDoc>(TOKEN_DB, token);
  return doc && doc.pvt_type === TOKEN_TYPE ? doc : undefined;
}

/** Deletes the token; true when there was one to delete. */
export async function removeToken(deps: TokenWriteDeps, token: string): Promise<boolean> {
  if (!(await fetchToken(deps.couch, token))) return false;
  return (await tokenWriter(deps).remove(TOKEN_DB, token)) !== undefined;
}

/** Read-modify-write of a stored token; `mutate` returns undefined to leave it as it is. */
export async function updateToken(deps: TokenWriteDeps, token: string, mutate: (cur: TokenDoc) => TokenDoc | undefined): Promise<void> {
  if (!isTokenShaped(token)) return;
  await tokenWriter(deps).update<TokenDoc>(TOKEN_DB, token, (cur) => (cur && cur.pvt_type === TOKEN_TYPE ? mutate(cur) : undefined));
}
