// GET|PATCH of an account's properties (NGNPro `properties`), and the gated ones as the platform
// reads them: pstn_access (call authorization) and prepaid_changes (the limits API).
import { errors, KazooError } from '@tollgate/errors';
import { type AccountsSettings, accountsSettings } from './config';
import type { AccountsDeps, LookupDeps } from './deps';
import { type AccountDoc, isDeleted, treeOf } from './domain/account-doc';
import { type CallRestriction, type ClassifierFacts, effectiveCallRestriction } from './domain/call-restriction';
import {
  applyPropertyChanges,
  type GatedProperty,
  gatedValue,
  givesGatedProperty,
  MAX_PROPERTIES,
  PREPAID_CHANGES,
  type Properties,
  type PropertyRole,
  PSTN_ACCESS,
  parsePropertiesPatch,
  permissionNeeded,
  propertiesOf,
  roleAllows,
} from './domain/properties';
import { findMasterAccountId } from './master-id';
import { isResellerAccount, resellerIdOf } from './reseller-lookup';
import { fetchAccount, updateAccountDoc } from './store/account-store';

/** Who is changing properties: the login's account and what kind of login it is. */
export interface PropertyCaller {
  accountId: string;
  isSuperduperAdmin: boolean;
  /** An admin login or an api key; plain users read only. */
  isAdmin: boolean;
}

async function liveAccount(deps: LookupDeps, accountId: string): Promise<AccountDoc> {
  const account = await fetchAccount(deps.couch, accountId);
  if (!account || isDeleted(account)) throw errors.badIdentifier(accountId);
  return account;
}

/**
 * The caller's strongest permission over the account: `admin` for a superduper_admin, `reseller`
 * for admins of the account's reseller (or of an account above it), `customer` for the account's
 * own admins and those of accounts between it and its reseller, `none` for plain users.
 */
export async function propertyRoleOf(deps: LookupDeps, caller: PropertyCaller, account: AccountDoc): Promise<PropertyRole> {
  if (!caller.isAdmin) return 'none';
  if (caller.isSuperduperAdmin) return 'admin';
  const accountId = String(account._id);
  const tree = treeOf(account);
  const resellerId = await resellerIdOf(deps.couch, account, await findMasterAccountId(deps));
  const resellerAt = resellerId && resellerId !== accountId ? tree.indexOf(resellerId) : -1;
  const callerAt = tree.indexOf(caller.accountId);
  if (resellerAt >= 0 && callerAt >= 0 && callerAt <= resellerAt) return 'reseller';
  if (caller.accountId === accountId || callerAt >= 0) return 'customer';
  return 'none';
}

export async function readProperties(deps: LookupDeps, accountId: string): Promise<Properties> {
  return propertiesOf(await liveAccount(deps, accountId));
}

function gatedDefault(settings: AccountsSettings, name: GatedProperty): boolean {
  return name === PSTN_ACCESS ? settings.defaultPstnAccess : settings.defaultPrepaidChanges;
}

/** The master has every gated property; another reseller what its properties (or the default) say. */
async function resellerHas(deps: LookupDeps, resellerId: string | undefined, name: GatedProperty, settings: AccountsSettings): Promise<boolean> {
  if (!resellerId) return false;
  const reseller = await fetchAccount(deps.couch, resellerId);
  if (!reseller) return false;
  if (reseller.pvt_superduper_admin === true && treeOf(reseller).length === 0) return true;
  return gatedValue(propertiesOf(reseller), name, gatedDefault(settings, name));
}

/**
 * PATCH: each named property set (value and/or permission) or removed (`null`), all or nothing.
 * 403 names the property and the permission it needs, or why a gated property cannot be given.
 */
export async function patchProperties(deps: AccountsDeps, accountId: string, data: unknown, caller: PropertyCaller): Promise<Properties> {
  const changes = parsePropertiesPatch(data);
  const account = await liveAccount(deps, accountId);
  const role = await propertyRoleOf(deps, caller, account);
  if (role === 'none') throw errors.forbidden('an admin login is needed to change properties', accountId);
  const settings = await accountsSettings(deps.config);
  // Facts about the reseller, read once: giving a gated property depends on them.
  const gives = changes.some((c) => givesGatedProperty(propertiesOf(account)[c.name], c));
  const targetIsReseller = gives ? await isResellerAccount(deps.couch, accountId) : false;
  const resellerId = gives ? await resellerIdOf(deps.couch, account, await findMasterAccountId(deps)) : undefined;

  const check = async (current: Properties): Promise<void> => {
    for (const change of changes) {
      const needed = permissionNeeded(current[change.name], change);
      if (!roleAllows(role, needed)) {
        throw new KazooError('forbidden', 403, 'forbidden', {
          message: `property ${change.name} has permission ${needed}: ${needed === 'admin' ? 'only a superduper_admin' : "only the account's reseller or a superduper_admin"} may change it`,
          cause: change.name,
        });
      }
      if (role === 'admin' || !givesGatedProperty(current[change.name], change)) continue;
      const name = change.name as GatedProperty;
      if (targetIsReseller) throw errors.forbidden(`${name} is given to a reseller by a superduper_admin only`, name);
      if (!(await resellerHas(deps, resellerId, name, settings))) throw errors.forbidden(`${name} can be given only when the account's reseller (${resellerId}) has it`, name);
    }
    if (Object.keys(applyPropertyChanges(current, changes)).length > MAX_PROPERTIES) {
      throw errors.field('data', 'maxProperties', `an account holds at most ${MAX_PROPERTIES} properties`);
    }
  };
  // Checked before the write, so a refused request writes nothing.
  await check(propertiesOf(account));
  if (changes.length === 0) return propertiesOf(account);
  let rejected: unknown;
  const saved = await updateAccountDoc(deps, accountId, (cur) => {
    if (isDeleted(cur)) return undefined;
    const before = propertiesOf(cur);
    // The permissions were checked against what was read; properties changed since then (another
    // request won the race) are not overwritten on that check: the client sends it again (409).
    const same = JSON.stringify(before) === JSON.stringify(propertiesOf(account));
    if (!same) {
      rejected = new KazooError('conflict', 409, 'datastore_conflict', { message: 'the properties changed while this request ran; send it again' });
      return undefined;
    }
    const next = applyPropertyChanges(before, changes);
    const { pvt_properties, ...rest } = cur;
    return Object.keys(next).length > 0 ? { ...rest, pvt_properties: next } : rest;
  });
  if (rejected) throw rejected;
  if (!saved || isDeleted(saved)) throw errors.badIdentifier(accountId);
  return propertiesOf(saved);
}

/** Gated property values of an account, its own or the system default. */
async function ownGated(deps: LookupDeps, account: AccountDoc, name: GatedProperty): Promise<boolean> {
  const settings = await accountsSettings(deps.config);
  return gatedValue(propertiesOf(account), name, gatedDefault(settings, name));
}

/**
 * May the account place PSTN calls (NGNPro pstn_access)? Its own value, and its reseller's: a
 * reseller that loses pstn_access takes it from its customers too. The master always may.
 * For call authorization (jonny5): a false answer denies every PSTN classification
 * (`callRestrictionOf`).
 */
export async function pstnAccessOf(deps: LookupDeps, accountId: string): Promise<boolean> {
  const account = await fetchAccount(deps.couch, accountId);
  if (!account || isDeleted(account)) return false;
  if (account.pvt_superduper_admin === true && treeOf(account).length === 0) return true;
  if (!(await ownGated(deps, account, PSTN_ACCESS))) return false;
  const resellerId = await resellerIdOf(deps.couch, account, await findMasterAccountId(deps));
  if (!resellerId || resellerId === accountId) return true;
  return resellerHas(deps, resellerId, PSTN_ACCESS, await accountsSettings(deps.config));
}

/** The account's call_restriction with pstn_access applied (every PSTN classification denied without it). */
export async function callRestrictionOf(deps: LookupDeps, accountId: string, classifiers: readonly ClassifierFacts[]): Promise<CallRestriction> {
  const account = await fetchAccount(deps.couch, accountId);
  return effectiveCallRestriction(account?.call_restriction, classifiers, await pstnAccessOf(deps, accountId));
}

/** May the account switch between prepaid and postpaid, soft and hard (NGNPro prepaid_changes)? */
export async function prepaidChangesOf(deps: LookupDeps, accountId: string): Promise<boolean> {
  const account = await fetchAccount(deps.couch, accountId);
  if (!account || isDeleted(account)) return false;
  return ownGated(deps, account, PREPAID_CHANGES);
}
