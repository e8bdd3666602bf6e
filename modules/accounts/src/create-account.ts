// PUT /v2/accounts[/{parent}] and `tollgate create_account`: a new account under a parent, with
// its databases, its replica in `accounts` and its services doc (cb_accounts:put, kzdb_account:create).
import { errors } from '@tollgate/errors';
import { createLogger } from '@tollgate/log';
import { createAccountServices, removeAccountServices } from '@tollgate/services';
import { requireObject, validateAccountFields, withAccountDefaults } from './account-fields';
import type { AccountsDeps } from './deps';
import { type AccountDoc, isDeleted, isEnabled, treeOf } from './domain/account-doc';
import { type AccountInput, accountInput } from './domain/account-input';
import { newApiKey, newDocId } from './domain/ids';
import { newAccountDoc } from './domain/new-account';
import { findMasterAccountId } from './master-id';
import { findResellerId } from './reseller-lookup';
import { createAccountDbs, destroyAccountDbs } from './store/account-dbs';
import { fetchAccount, removeReplica, saveNewAccount } from './store/account-store';
import { withTreeLock } from './store/tree-lock';
import { docWriter } from './store/writer';

const log = createLogger('accounts');

export interface CreateAccountOptions {
  /** The parent account; default the master account (a top-level account). */
  parentId?: string;
  /** The request's `data`: the account's public fields. */
  data: unknown;
}

export type StoredAccount = AccountDoc & { _id: string; _rev: string };

/** Creates an account under `parentId` (default: the master) and returns the stored doc. */
export async function createAccount(deps: AccountsDeps, opts: CreateAccountOptions): Promise<StoredAccount> {
  // Checked once before the lock too: taking it writes the shared lock doc, and a refused request writes nothing.
  await newAccountFields(deps, opts.data);
  await placeOf(deps, opts.parentId);
  return withTreeLock(docWriter(deps), async () => insertAccount(deps, { data: opts.data, ...(await placeOf(deps, opts.parentId)) }));
}

/** Where a new account goes: its tree and starting state, from a live parent (default: the master). */
async function placeOf(deps: AccountsDeps, requestedParent: string | undefined): Promise<Omit<NewAccountSpec, 'data'>> {
  const masterId = await findMasterAccountId(deps);
  const parentId = requestedParent ?? masterId;
  if (!parentId) throw errors.badRequest('there is no master account yet; run `tollgate up` once to create it');
  const parent = await fetchAccount(deps.couch, parentId);
  if (!parent || isDeleted(parent)) throw errors.badIdentifier(parentId);
  return { tree: [...treeOf(parent), parentId], enabled: isEnabled(parent), masterId };
}

export interface NewAccountSpec {
  data: unknown;
  tree: string[];
  /** The parent's state: a child of a disabled account starts disabled. */
  enabled: boolean;
  masterId: string | undefined;
  superduperAdmin?: boolean;
  reseller?: boolean;
}

/** Validates and writes a new account; the caller holds the tree lock. */
export async function insertAccount(deps: AccountsDeps, spec: NewAccountSpec): Promise<StoredAccount> {
  const { input, fields } = await newAccountFields(deps, spec.data);
  const id = newDocId();
  const resellerId = spec.tree.length === 0 ? id : await findResellerId(deps.couch, spec.tree, spec.masterId);
  const doc = newAccountDoc({
    id,
    fields,
    tree: spec.tree,
    enabled: spec.enabled && input.enabled !== false,
    apiKey: newApiKey(),
    resellerId,
    reseller: spec.reseller === true,
    superduperAdmin: spec.superduperAdmin === true,
  });
  try {
    const saved = await storeNewAccount(deps, doc, resellerId);
    log.info('created account', { accountId: id, name: saved.name, parent: spec.tree[spec.tree.length - 1], reseller: resellerId });
    return saved;
  } catch (err) {
    await unroll(deps, id);
    throw err;
  }
}

/** The request's fields, validated with their defaults (Kazoo's 400 listing every problem); reads only. */
async function newAccountFields(deps: AccountsDeps, raw: unknown): Promise<{ input: AccountInput; fields: Record<string, unknown> }> {
  const data = requireObject(raw, 'accounts');
  const input = accountInput(data);
  return { input, fields: await validateAccountFields(deps, undefined, await withAccountDefaults(deps, input.fields), data.enabled) };
}

/** Its databases, the account doc and its replica, then its services doc. */
async function storeNewAccount(deps: AccountsDeps, doc: AccountDoc & { _id: string }, resellerId: string | undefined): Promise<StoredAccount> {
  await createAccountDbs(deps.couch, doc._id);
  const saved = await saveNewAccount(deps, doc);
  await createAccountServices(deps, { accountId: doc._id, tree: treeOf(saved), resellerId, isReseller: saved.pvt_reseller === true });
  return saved;
}

/** Removes what a failed creation wrote, so a rejected or crashed request leaves nothing behind. */
async function unroll(deps: AccountsDeps, accountId: string): Promise<void> {
  const quietly = (p: Promise<unknown>) => p.catch((err: Error) => log.warn('unroll step failed', { accountId, error: err.message }));
  await quietly(destroyAccountDbs(deps.couch, accountId));
  await quietly(removeReplica(deps, accountId));
  await quietly(removeAccountServices(deps, accountId));
}
