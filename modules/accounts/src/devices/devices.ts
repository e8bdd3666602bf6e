// Devices of an account (cb_devices, Kazoo 4.3): docs of `pvt_type: device` in the account db.
// Create, replace (POST), merge (PATCH), soft delete; every write goes through the accounts
// DocWriter, so each one publishes Kazoo's doc event and the services module recounts the
// account's `devices.*` quantities. Rules beyond the schema, as cb_devices checks them: owner_id
// names a live user of the account, and sip.username is unique within the account's realm.
import { errors, type ValidationErrors } from '@tollgate/errors';
import { accountDbName, type Couch, deployDesignDocs, type Doc, isAccountId, isNotFound, isPrivateKey, publicView, stampPvt } from '@tollgate/kazoo-db';
import { mergeValidationErrors, schemaValidator } from '@tollgate/schemas';
import { requireObject } from '../account-fields';
import type { AccountsDeps } from '../deps';
import { isDeleted } from '../domain/account-doc';
import { deepMerge } from '../domain/account-input';
import { newDocId } from '../domain/ids';
import { fetchAccount } from '../store/account-store';
import { fetchUser } from '../store/user-store';
import { docWriter } from '../store/writer';

export const DEVICE_TYPE = 'device';

export type DeviceDoc = Doc & {
  name?: string;
  device_type?: string;
  enabled?: boolean;
  owner_id?: string;
  mac_address?: string;
  sip?: { username?: string; password?: string; realm?: string; [k: string]: unknown };
  pvt_deleted?: boolean;
};

/** Ids crossbar accepts in a device path (Kazoo's are 32 hex; imported ones may differ). */
const DEVICE_ID = /^[0-9a-zA-Z_-]{1,64}$/;

async function requireLiveAccount(couch: Couch, accountId: string): Promise<{ realm?: string }> {
  const account = await fetchAccount(couch, accountId);
  if (!account || isDeleted(account)) throw errors.badIdentifier(accountId);
  return { realm: typeof account.realm === 'string' ? account.realm : undefined };
}

/** The live device, or undefined when the id is malformed or the device is missing or deleted. */
export async function fetchDevice(couch: Couch, accountId: string, deviceId: string): Promise<DeviceDoc | undefined> {
  if (!isAccountId(accountId) || !DEVICE_ID.test(deviceId)) return undefined;
  const doc = await couch.get<DeviceDoc>(accountDbName(accountId), deviceId);
  return doc && doc.pvt_type === DEVICE_TYPE && !doc.pvt_deleted ? doc : undefined;
}

/** The live device docs of an account (devices/crossbar_listing; an old account db gets the view now). */
async function deviceDocs(couch: Couch, accountId: string): Promise<DeviceDoc[]> {
  const db = accountDbName(accountId);
  try {
    return await couch.viewDocs<DeviceDoc>(db, 'devices', 'crossbar_listing');
  } catch (err) {
    if (!isNotFound(err)) throw err;
    await deployDesignDocs(couch, db, 'account');
    return couch.viewDocs<DeviceDoc>(db, 'devices', 'crossbar_listing');
  }
}

/** A row of the listing, as Kazoo's devices/crossbar_listing: id, name, device_type, enabled, owner_id, username, mac_address. */
export function deviceListingRow(doc: DeviceDoc): Record<string, unknown> {
  const row: Record<string, unknown> = { id: doc._id, name: doc.name, device_type: doc.device_type, enabled: doc.enabled !== false };
  if (doc.owner_id !== undefined) row.owner_id = doc.owner_id;
  if (doc.sip?.username !== undefined) row.username = doc.sip.username;
  if (doc.mac_address !== undefined) row.mac_address = doc.mac_address;
  return row;
}

/** The devices of an account as listing rows, by name. */
export async function listDevices(couch: Couch, accountId: string): Promise<Record<string, unknown>[]> {
  const docs = await deviceDocs(couch, accountId);
  return docs.map(deviceListingRow).sort((a, b) => String(a.name ?? '').localeCompare(String(b.name ?? '')) || String(a.id).localeCompare(String(b.id)));
}

/** The public view of a device (no `_`/`pvt_` keys; `id`). */
export function deviceView(doc: DeviceDoc, opts: { hideSipPassword?: boolean } = {}): Record<string, unknown> {
  const view = publicView(doc) as Record<string, unknown>;
  if (opts.hideSipPassword && view.sip && typeof view.sip === 'object') {
    const { password: _p, ...sip } = view.sip as Record<string, unknown>;
    view.sip = sip;
  }
  return view;
}

function publicFields(doc: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (!isPrivateKey(k) && k !== 'id') out[k] = v;
  return out;
}

function sipOf(fields: Record<string, unknown>): { username?: string; realm?: string } {
  const sip = fields.sip && typeof fields.sip === 'object' ? (fields.sip as Record<string, unknown>) : {};
  return { username: typeof sip.username === 'string' ? sip.username : undefined, realm: typeof sip.realm === 'string' ? sip.realm : undefined };
}

/** cb_devices' rules beyond the schema: the owner is a live user of the account; sip.username unique in its realm. */
async function deviceRuleErrors(couch: Couch, accountId: string, accountRealm: string | undefined, deviceId: string | undefined, fields: Record<string, unknown>): Promise<ValidationErrors> {
  const out: ValidationErrors = {};
  if (typeof fields.owner_id === 'string' && !(await fetchUser(couch, accountId, fields.owner_id))) {
    out.owner_id = { not_found: { message: 'The owner_id is not a user of this account', cause: fields.owner_id } };
  }
  const { username, realm } = sipOf(fields);
  if (username) {
    const realmOf = (f: Record<string, unknown>) => (sipOf(f).realm ?? accountRealm ?? '').toLowerCase();
    const mine = (realm ?? accountRealm ?? '').toLowerCase();
    const clash = (await deviceDocs(couch, accountId)).some(
      (d) => d._id !== deviceId && sipOf(d).username?.toLowerCase() === username.toLowerCase() && realmOf(d) === mine,
    );
    if (clash) out['sip.username'] = { unique: { message: 'SIP credentials already in use', cause: username } };
  }
  return out;
}

async function validDevice(couch: Couch, accountId: string, realm: string | undefined, deviceId: string | undefined, fields: Record<string, unknown>): Promise<Record<string, unknown>> {
  const checked = schemaValidator().check('devices', fields);
  const rules = await deviceRuleErrors(couch, accountId, realm, deviceId, fields);
  if (!checked.ok || Object.keys(rules).length > 0) throw errors.validation(mergeValidationErrors(checked.ok ? undefined : checked.errors, rules));
  return checked.doc;
}

/** Creates a device; `data` is cb_devices' body: name, device_type, enabled, owner_id, sip, caller_id, call_restriction, … */
export async function createDevice(deps: AccountsDeps, accountId: string, data: unknown): Promise<DeviceDoc & { _id: string; _rev: string }> {
  const { realm } = await requireLiveAccount(deps.couch, accountId);
  const fields = await validDevice(deps.couch, accountId, realm, undefined, publicFields(requireObject(data, 'devices')));
  const doc = stampPvt<DeviceDoc>({ ...fields, _id: newDocId() }, { type: DEVICE_TYPE, account: accountId });
  return docWriter(deps).put(accountDbName(accountId), doc);
}

/** POST (replace) or PATCH (merge) a device. */
export async function updateDevice(deps: AccountsDeps, accountId: string, deviceId: string, data: unknown, mode: 'replace' | 'patch'): Promise<DeviceDoc> {
  const { realm } = await requireLiveAccount(deps.couch, accountId);
  const current = await fetchDevice(deps.couch, accountId, deviceId);
  if (!current) throw errors.badIdentifier(deviceId);
  let fields = publicFields(requireObject(data, 'devices'));
  if (mode === 'patch') fields = deepMerge(publicFields(current), fields);
  const valid = await validDevice(deps.couch, accountId, realm, deviceId, fields);
  const saved = await docWriter(deps).update<DeviceDoc>(accountDbName(accountId), deviceId, (cur) => {
    if (!cur || cur.pvt_deleted) return undefined;
    const next: DeviceDoc = {};
    for (const [k, v] of Object.entries(cur)) if (isPrivateKey(k) && k !== '_rev') next[k] = v;
    return stampPvt({ ...next, ...valid });
  });
  if (!saved || saved.pvt_deleted) throw errors.badIdentifier(deviceId);
  return saved;
}

/** Soft delete (crossbar_doc:delete): pvt_deleted, out of every listing and count. */
export async function deleteDevice(deps: AccountsDeps, accountId: string, deviceId: string): Promise<DeviceDoc> {
  if (!(await fetchDevice(deps.couch, accountId, deviceId))) throw errors.badIdentifier(deviceId);
  const saved = await docWriter(deps).update<DeviceDoc>(accountDbName(accountId), deviceId, (cur) =>
    cur && !cur.pvt_deleted ? stampPvt({ ...cur, pvt_deleted: true }) : undefined,
  );
  if (!saved) throw errors.badIdentifier(deviceId);
  return saved;
}
