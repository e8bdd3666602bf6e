// Kazoo's cb_whitelabel document: `whitelabel` in the account db, and the account doc's
// pvt_whitelabel_domain that makes the domain unique across accounts (accounts/
// list_by_whitelabel_domain). The claim is checked and written under the tree lock, so of two
// accounts claiming one domain at once exactly one wins; the other gets Kazoo's 400 `unique`.
import { errors } from '@tollgate/errors';
import { accountDbName, type Couch, type Doc, gregorianNow, isAccountId, publicView, stampPvt } from '@tollgate/kazoo-db';
import { validateDoc } from '@tollgate/schemas';
import type { AccountsDeps } from '../deps';
import { type AccountDoc, isDeleted } from '../domain/account-doc';
import { deepMerge } from '../domain/account-input';
import { fetchAccount, updateAccountDoc } from '../store/account-store';
import { withTreeLock } from '../store/tree-lock';
import { accountIdsByWhitelabelDomain } from '../store/tree-views';
import { docWriter } from '../store/writer';

export const WHITELABEL_ID = 'whitelabel';
export const WHITELABEL_TYPE = 'whitelabel';

export type WhitelabelDoc = Doc & {
  _id: string;
  domain?: string;
  company_name?: string;
  hide_registration?: boolean;
  branding?: Record<string, unknown>;
  signup?: { required_fields?: string[]; activation_url?: string };
  messages?: Record<string, { subject?: string; text?: string; html?: string } | string | undefined>;
  _attachments?: Record<string, { content_type?: string; length?: number }>;
};

type AccountWithDomain = AccountDoc & { pvt_whitelabel_domain?: string };

/** What PUT/POST/PATCH send: `create` (PUT; 409 when one exists), `replace` (POST), `patch` (PATCH, merged). */
export type WhitelabelWrite = 'create' | 'replace' | 'patch';

export async function readWhitelabel(couch: Couch, accountId: string): Promise<WhitelabelDoc | undefined> {
  const doc = await couch.get<WhitelabelDoc>(accountDbName(accountId), WHITELABEL_ID);
  return doc && doc.pvt_deleted !== true ? doc : undefined;
}

/** The account's whitelabel or Kazoo's 404 bad_identifier. */
export async function requireWhitelabel(couch: Couch, accountId: string): Promise<WhitelabelDoc> {
  const doc = await readWhitelabel(couch, accountId);
  if (!doc) throw errors.badIdentifier(WHITELABEL_ID);
  return doc;
}

function publicFields(doc: WhitelabelDoc | undefined): Record<string, unknown> {
  if (!doc) return {};
  const { id: _id, ...rest } = publicView(doc);
  return rest;
}

function requireObject(data: unknown): Record<string, unknown> {
  if (data === undefined) return {};
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw errors.field('data', 'type', 'data must be a whitelabel object');
  const out: Record<string, unknown> = {};
  // Private and read-only keys are never taken from a request.
  for (const [k, v] of Object.entries(data)) if (!k.startsWith('pvt_') && !k.startsWith('_') && k !== 'id') out[k] = v;
  return out;
}

/** The validated public fields of a write (ajv `whitelabel` schema, defaults filled, domain lower-cased). */
export function whitelabelFields(existing: WhitelabelDoc | undefined, data: unknown, mode: WhitelabelWrite): Record<string, unknown> {
  const body = requireObject(data);
  const merged = mode === 'patch' ? deepMerge(publicFields(existing), body) : body;
  const fields = validateDoc('whitelabel', merged) as Record<string, unknown>;
  if (typeof fields.domain === 'string') fields.domain = fields.domain.toLowerCase();
  return fields;
}

async function claimDomain(deps: AccountsDeps, accountId: string, domain: string | undefined): Promise<void> {
  if (domain !== undefined) {
    const holders = await accountIdsByWhitelabelDomain(deps.couch, domain);
    if (holders.some((id) => id !== accountId)) throw errors.field('domain', 'unique', 'White label domain is already in use', { cause: domain });
  }
  const saved = await updateAccountDoc(deps, accountId, (cur) => {
    const acct = cur as AccountWithDomain;
    if (acct.pvt_whitelabel_domain === domain) return undefined;
    const { pvt_whitelabel_domain: _old, ...rest } = acct;
    return (domain === undefined ? rest : { ...rest, pvt_whitelabel_domain: domain }) as AccountDoc;
  });
  if (!saved) throw errors.badIdentifier(accountId);
}

/** PUT/POST/PATCH of an account's whitelabel: the domain claimed (unique) and the doc written. */
export async function saveWhitelabel(deps: AccountsDeps, accountId: string, data: unknown, mode: WhitelabelWrite): Promise<WhitelabelDoc> {
  const account = await fetchAccount(deps.couch, accountId);
  if (!account || isDeleted(account)) throw errors.badIdentifier(accountId);
  const existing = await readWhitelabel(deps.couch, accountId);
  if (mode === 'create' && existing) throw errors.conflict('a whitelabel already exists for this account; POST or PATCH it', { cause: WHITELABEL_ID });
  if (mode !== 'create' && !existing) throw errors.badIdentifier(WHITELABEL_ID);
  // Validated before the lock: a refused request writes nothing, not even the lock doc.
  whitelabelFields(existing, data, mode);
  return withTreeLock(docWriter(deps), async () => {
    const current = await readWhitelabel(deps.couch, accountId);
    const fields = whitelabelFields(current, data, mode);
    await claimDomain(deps, accountId, fields.domain as string | undefined);
    const now = gregorianNow();
    const saved = await docWriter(deps).update<WhitelabelDoc>(accountDbName(accountId), WHITELABEL_ID, (cur) => {
      const kept = Object.fromEntries(Object.entries(cur ?? {}).filter(([k]) => k.startsWith('_') || (k.startsWith('pvt_') && k !== 'pvt_deleted')));
      const created = cur && cur.pvt_deleted !== true && typeof cur.pvt_created === 'number' ? cur.pvt_created : now;
      return stampPvt({ ...kept, ...fields, _id: WHITELABEL_ID, pvt_created: created, pvt_modified: now } as WhitelabelDoc, { type: WHITELABEL_TYPE, account: accountId, now });
    });
    if (!saved) throw errors.system('the whitelabel could not be saved');
    return saved;
  });
}

/** DELETE: the doc (with its attachments) goes and the domain is free again. */
export async function deleteWhitelabel(deps: AccountsDeps, accountId: string): Promise<WhitelabelDoc> {
  const existing = await requireWhitelabel(deps.couch, accountId);
  return withTreeLock(docWriter(deps), async () => {
    const gone = (await docWriter(deps).remove<WhitelabelDoc>(accountDbName(accountId), WHITELABEL_ID)) ?? existing;
    await claimDomain(deps, accountId, undefined);
    return gone;
  });
}

/** The account whose whitelabel claims `domain` (case-insensitive), with its doc; undefined when none. */
export async function whitelabelByDomain(couch: Couch, domain: string): Promise<{ accountId: string; doc: WhitelabelDoc } | undefined> {
  const key = domain.trim().toLowerCase();
  if (key === '' || key.length > 253) return undefined;
  for (const accountId of await accountIdsByWhitelabelDomain(couch, key)) {
    if (!isAccountId(accountId)) continue;
    const doc = await readWhitelabel(couch, accountId);
    if (doc && doc.domain === key) return { accountId, doc };
  }
  return undefined;
}

/** The names of the uploaded images/pages of a whitelabel. */
export function attachmentsOf(doc: WhitelabelDoc): string[] {
  return Object.keys(doc._attachments ?? {}).sort();
}

/** What an authenticated reader sees: the public fields and which attachments exist. */
export function whitelabelView(doc: WhitelabelDoc): Record<string, unknown> {
  return { ...publicFields(doc), id: WHITELABEL_ID, _read_only: { attachments: attachmentsOf(doc) } };
}

/** Keys a login page may see without a login: no mail templates, no SSO settings, no API URL. */
const PRIVATE_TO_OWNER = ['messages', 'sso_providers', 'fake_api_url'];

/** What the unauthenticated GET /v2/whitelabel/{domain} answers. */
export function publicWhitelabel(accountId: string, doc: WhitelabelDoc): Record<string, unknown> {
  const out = publicFields(doc);
  for (const k of PRIVATE_TO_OWNER) delete out[k];
  return { ...out, account_id: accountId, _read_only: { attachments: attachmentsOf(doc) } };
}
