// Who a write is made for: crossbar runs each authenticated request inside `runAsWriteActor`, and
// every DocWriter write made while it runs is stamped with Kazoo's audit fields
// (crossbar_doc:add_pvt_auth): `pvt_auth_account_id`, `pvt_auth_user_id`, and, when the token is an
// impersonation (cb_user_auth impersonate_user), `pvt_original_auth_account_id` /
// `pvt_original_auth_owner_id` naming the impersonator. The DocWriter is the one place every write
// passes, so no module has to carry the caller along.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Doc } from '@tollgate/kazoo-db';

export interface WriteActor {
  /** The login's account (pvt_auth_account_id). */
  accountId: string;
  /** The login's user (pvt_auth_user_id); absent for an api key. */
  ownerId?: string;
  /** The impersonator's account and user, when the login is an impersonation. */
  originalAccountId?: string;
  originalOwnerId?: string;
}

interface Scope {
  actor: WriteActor;
  /** Closed when the request is answered: work it started that outlives it (a lazily started follower) stamps nothing. */
  open: boolean;
}

const scopes = new AsyncLocalStorage<Scope>();

/** Runs `fn` (a request's handler) so that the writes it makes are stamped with `actor`. */
export async function runAsWriteActor<T>(actor: WriteActor, fn: () => Promise<T>): Promise<T> {
  const scope: Scope = { actor, open: true };
  try {
    return await scopes.run(scope, fn);
  } finally {
    scope.open = false;
  }
}

/** The actor of the request this code runs for, if any. */
export function currentWriteActor(): WriteActor | undefined {
  const scope = scopes.getStore();
  return scope?.open ? scope.actor : undefined;
}

const ORIGINAL_KEYS = ['pvt_original_auth_account_id', 'pvt_original_auth_owner_id'] as const;

/** The doc with the current actor's audit fields (unchanged outside a request). */
export function stampWriteActor<T extends Doc>(doc: T, actor: WriteActor | undefined = currentWriteActor()): T {
  if (!actor || doc._deleted === true || String(doc._id ?? '').startsWith('_design/')) return doc;
  const out: Record<string, unknown> = { ...doc, pvt_auth_account_id: actor.accountId };
  if (actor.ownerId) out.pvt_auth_user_id = actor.ownerId;
  else delete out.pvt_auth_user_id;
  for (const k of ORIGINAL_KEYS) delete out[k];
  if (actor.originalAccountId) out.pvt_original_auth_account_id = actor.originalAccountId;
  if (actor.originalOwnerId) out.pvt_original_auth_owner_id = actor.originalOwnerId;
  return out as T;
}
