// PUT /v2/accounts[/{parent}] and `tollgate create_account`: a new account under a parent, with
// its databases, its replica in `accounts` and its services doc (cb_accounts:put, kzdb_account:create).
import { errors } from '@tollgate/errors';
import { accountDbName, deployDesignDocs, modbName, stampPvt } from '@tollgate/kazoo-db';
import { createLogger } from '@tollgate/log';
import { publishDocChange } from '@tollgate/service-kit';
import { createAccountServices, removeAccountServices } from '@tollgate/services';
import { requireObject, validateAccountFields, withAccountDefaults } from './account-fields';
import type { AccountsDeps } from './deps';
import { ACCOUNT_TYPE, type AccountDoc, isDeleted, isEnabled, treeOf } from './domain/account-doc';
import { type AccountInput, accountInput } from './domain/account-input';
import { newApiKey, newDocId } from './domain/ids';
import { normalizeName } from './domain/normalize-name';
import { findMasterAccountId } from './master-id';
import { findResellerId } from './reseller-lookup';
import { ACCOUNTS_DB, fetchAccount, replicateAccount } from './store/account-store';
import { withTreeLock } from './tree-lock';

const log = createLogger('accounts');

export interface CreateAccountOptions {
  /** The parent account; default the master account (a top-level account). */
  parentId?: string;
  /** The request's `data`: the account's public fields. */
  data: Record<string, unknown>;
}

/** Creates an account under `parentId` (default: the master) and returns the stored doc. */
export type StoredAccount = AccountDoc & { _id: string; _rev: string };

export async function createAccount(deps: AccountsDeps, opts: CreateAccountOptions): Promise<StoredAccount> {
  // Checked once before the lock too: taking it writes the shared lock doc, and a refused request writes nothing.
  await newAccountFields(deps, opts.data);
  await placeOf(deps, opts.parentId);
  return withTreeLock(deps.couch, async () => insertAccount(deps, { data: opts.data, ...(await placeOf(deps, opts.parentId)) }));
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
  const isMaster = spec.tree.length === 0;
  const resellerId = isMaster ? id : await findResellerId(deps.couch, spec.tree, spec.masterId);
  const doc = stampPvt<AccountDoc>(
    {
      ...fields,
      _id: id,
      pvt_api_key: newApiKey(),
      pvt_tree: spec.tree,
      pvt_enabled: spec.enabled && input.enabled !== false,
      pvt_alphanum_name: typeof fields.name === 'string' ? normalizeName(fields.name) : undefined,
      pvt_reseller: spec.reseller === true,
      ...(resellerId ? { pvt_reseller_id: resellerId } : {}),
      ...(spec.superduperAdmin ? { pvt_superduper_admin: true } : {}),
    },
    { type: ACCOUNT_TYPE, account: id },
  );
  try {
    await createAccountDbs(deps, id);
    const saved = await deps.couch.put(accountDbName(id), doc);
    await replicateAccount(deps.couch, saved);
    const services = await createAccountServices(deps, { accountId: id, tree: treeOf(saved), resellerId, isReseller: spec.reseller === true });
    if (deps.bus) await publishDocChange(deps.bus, 'created', accountDbName(id), saved);
    log.info('created account', { accountId: id, name: saved.name, parent: spec.tree[spec.tree.length - 1], reseller: services?.pvt_reseller_id });
    return saved;
  } catch (err) {
    await unroll(deps, id);
    throw err;
  }
}

/** The request's fields, validated with their defaults (Kazoo's 400 listing every problem); reads only. */
async function newAccountFields(deps: AccountsDeps, raw: unknown): Promise<{ input: AccountInput; fields: Record<string, unknown> }> {
  const data = requireObject(raw);
  const input = accountInput(data);
  return { input, fields: await validateAccountFields(deps, undefined, await withAccountDefaults(deps, input.fields), data.enabled) };
}

/** The account db with the `account` design docs, and the current MODB with the `modb` ones. */
export async function createAccountDbs(deps: AccountsDeps, accountId: string): Promise<void> {
  const db = accountDbName(accountId);
  await deps.couch.ensureDb(db);
  await deployDesignDocs(deps.couch, db, 'account');
  const modb = modbName(accountId);
  await deps.couch.ensureDb(modb);
  await deployDesignDocs(deps.couch, modb, 'modb');
}

/** Removes what a failed creation wrote, so a rejected or crashed request leaves nothing behind. */
async function unroll(deps: AccountsDeps, accountId: string): Promise<void> {
  const quietly = (p: Promise<unknown>) => p.catch((err: Error) => log.warn('unroll step failed', { accountId, error: err.message }));
  await quietly(deps.couch.destroyDb(modbName(accountId)));
  await quietly(deps.couch.destroyDb(accountDbName(accountId)));
  await quietly(deps.couch.removeCurrent(ACCOUNTS_DB, accountId));
  await quietly(removeAccountServices(deps, accountId));
}
