// The whitelabel's uploads, attachments of the `whitelabel` doc named after what they are: Kazoo's
// logo, icon and welcome, and the seed's login_logo, login_background, header_image and
// content_logo. Each is size-bounded (crossbar.whitelabel) and typed by its content (sniff-type.ts).
import { errors } from '@tollgate/errors';
import { accountDbName, getAttachment, putAttachment } from '@tollgate/kazoo-db';
import type { IncomingMessage } from 'node:http';
import type { AccountsDeps } from '../deps';
import { docWriter } from '../store/writer';
import { ICON_TYPES, IMAGE_TYPES, sniffImage, sniffWelcome, WELCOME_TYPES } from './sniff-type';
import { readWhitelabel, requireWhitelabel, WHITELABEL_ID, type WhitelabelDoc } from './whitelabel';
import { maxImageBytes, maxWelcomeBytes } from './whitelabel-config';

export const WHITELABEL_ATTACHMENTS = ['logo', 'icon', 'welcome', 'login_logo', 'login_background', 'header_image', 'content_logo'] as const;
export type WhitelabelAttachment = (typeof WHITELABEL_ATTACHMENTS)[number];

export function isWhitelabelAttachment(name: string): name is WhitelabelAttachment {
  return (WHITELABEL_ATTACHMENTS as readonly string[]).includes(name);
}

function acceptedTypes(name: WhitelabelAttachment): readonly string[] {
  if (name === 'welcome') return WELCOME_TYPES;
  return name === 'icon' ? ICON_TYPES : IMAGE_TYPES;
}

/** Largest upload for `name`, in bytes. */
export function maxAttachmentBytes(deps: Pick<AccountsDeps, 'config'>, name: WhitelabelAttachment): Promise<number> {
  return name === 'welcome' ? maxWelcomeBytes(deps.config) : maxImageBytes(deps.config);
}

/**
 * The type of an upload, from its bytes; Kazoo's 400 on `file` when it is empty, not an accepted
 * type, or not what the request declared.
 */
export function uploadType(name: WhitelabelAttachment, body: Buffer, declared: string): string {
  const what = name === 'welcome' ? 'an html file' : 'an image file';
  if (body.length === 0) throw errors.field('file', 'required', `Please provide ${what}`);
  const sniffed = name === 'welcome' ? sniffWelcome(body) : sniffImage(body);
  const accepted = acceptedTypes(name);
  if (!sniffed || !accepted.includes(sniffed)) {
    throw errors.field('file', 'enum', `${name} must be one of ${accepted.join(', ')}; the content is not`, { cause: declared || null, target: [...accepted] });
  }
  const loose = declared === '' || declared === 'application/octet-stream' || declared === 'application/x-www-form-urlencoded';
  const sameIcon = sniffed === 'image/x-icon' && ['image/vnd.microsoft.icon', 'image/ico', 'image/icon'].includes(declared);
  if (!loose && declared !== sniffed && !sameIcon) {
    throw errors.field('file', 'type', `the request says ${declared} but the content is ${sniffed}`, { cause: declared });
  }
  return sniffed;
}

/** Stores (or replaces) one upload; 404 when the account has no whitelabel yet (Kazoo). */
export async function putWhitelabelAttachment(deps: AccountsDeps, accountId: string, name: WhitelabelAttachment, body: Buffer, declared: string): Promise<WhitelabelDoc> {
  const max = await maxAttachmentBytes(deps, name);
  if (body.length > max) throw errors.tooLarge(max);
  const type = uploadType(name, body, declared);
  const db = accountDbName(accountId);
  for (let attempt = 0; ; attempt++) {
    const doc = await requireWhitelabel(deps.couch, accountId);
    try {
      await putAttachment(deps.couch.url, db, WHITELABEL_ID, String(doc._rev), name, type, body);
      break;
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode !== 409 || attempt >= 5) throw err;
    }
  }
  // The attachment write is announced like any other write of the doc (doc_edited).
  const saved = await docWriter(deps).update<WhitelabelDoc>(db, WHITELABEL_ID, (cur) => (cur ? { ...cur } : undefined));
  return saved ?? (await requireWhitelabel(deps.couch, accountId));
}

/** One upload's bytes and type; Kazoo's 404 when there is none. */
export async function getWhitelabelAttachment(deps: Pick<AccountsDeps, 'couch'>, accountId: string, name: WhitelabelAttachment): Promise<{ contentType: string; body: IncomingMessage }> {
  const doc = await readWhitelabel(deps.couch, accountId);
  const meta = doc?._attachments?.[name];
  if (!doc || !meta) throw errors.badIdentifier(name);
  const body = await getAttachment(deps.couch.url, accountDbName(accountId), WHITELABEL_ID, name);
  if (!body) throw errors.badIdentifier(name);
  return { contentType: meta.content_type ?? 'application/octet-stream', body };
}
