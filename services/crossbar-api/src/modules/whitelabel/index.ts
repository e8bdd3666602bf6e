// cb_whitelabel: an account's branding (PUT/GET/POST/PATCH/DELETE /v2/accounts/{id}/whitelabel),
// its uploads (POST/GET …/whitelabel/{logo|icon|welcome|login_logo|login_background|header_image|
// content_logo}), and what a login page reads without a login: GET /v2/whitelabel/{domain}[/{upload}].
// Reads: any login within reach. Writes: an admin, and then the accounts module's writer rule
// (the account itself when it is a reseller, its reseller, or a superduper_admin).
import {
  deleteWhitelabel,
  getWhitelabelAttachment,
  isWhitelabelAttachment,
  maxAttachmentBytes,
  publicWhitelabel,
  putWhitelabelAttachment,
  requireWhitelabel,
  requireWhitelabelWriter,
  saveWhitelabel,
  type WhitelabelAttachment,
  type WhitelabelWrite,
  whitelabelByDomain,
  whitelabelView,
} from '@tollgate/accounts';
import { errors } from '@tollgate/errors';
import { requireAccountAccess, requireAccountAdmin } from '../../auth/access';
import { readRaw } from '../../core/body';
import { jsonLimits } from '../../core/crossbar-config';
import type { CrossbarModule, Reply, RequestContext } from '../../core/types';

const BASE = '/v2/accounts/:account_id/whitelabel';

async function writer(ctx: RequestContext): Promise<string> {
  const auth = requireAccountAdmin(ctx);
  const accountId = ctx.params.account_id;
  await requireAccountAccess(ctx, accountId);
  await requireWhitelabelWriter(ctx.deps, auth, accountId);
  return accountId;
}

async function read(ctx: RequestContext): Promise<Reply> {
  await requireAccountAccess(ctx, ctx.params.account_id);
  const doc = await requireWhitelabel(ctx.deps.couch, ctx.params.account_id);
  return { data: whitelabelView(doc), revision: doc._rev };
}

const write =
  (mode: WhitelabelWrite) =>
  async (ctx: RequestContext): Promise<Reply> => {
    const accountId = await writer(ctx);
    const saved = await saveWhitelabel(ctx.deps, accountId, ctx.data, mode);
    return { data: whitelabelView(saved), revision: saved._rev };
  };

async function remove(ctx: RequestContext): Promise<Reply> {
  const accountId = await writer(ctx);
  const gone = await deleteWhitelabel(ctx.deps, accountId);
  return { data: whitelabelView(gone) };
}

function attachmentName(ctx: RequestContext): WhitelabelAttachment {
  const name = ctx.params.attachment;
  if (!isWhitelabelAttachment(name)) throw errors.notFound();
  return name;
}

async function upload(ctx: RequestContext): Promise<Reply> {
  const accountId = await writer(ctx);
  const name = attachmentName(ctx);
  const limits = await jsonLimits(ctx.deps.config);
  const max = await maxAttachmentBytes(ctx.deps, name);
  const base64 = ctx.contentType === 'application/x-base64';
  // Base64 (MonsterUI's data URLs) is a third longer than the bytes it carries.
  const raw = await readRaw(ctx.req, { bytes: base64 ? Math.ceil(max / 3) * 4 + 256 : max, idleMs: limits.idleMs });
  const { body, declared } = base64 ? fromDataUrl(raw) : { body: raw, declared: ctx.contentType };
  const saved = await putWhitelabelAttachment(ctx.deps, accountId, name, body, declared);
  return { data: whitelabelView(saved), revision: saved._rev };
}

/** An `application/x-base64` body (Kazoo's api_resource): `data:<type>;base64,<data>` or bare base64. */
function fromDataUrl(raw: Buffer): { body: Buffer; declared: string } {
  const text = raw.toString('latin1').trim();
  const m = /^data:([a-z0-9.+-]+\/[a-z0-9.+-]+)?(?:;[^,]*)?,(.*)$/is.exec(text);
  const data = (m ? m[2] : text).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data)) throw errors.field('file', 'type', 'the application/x-base64 body is not base64');
  return { body: Buffer.from(data, 'base64'), declared: m?.[1]?.toLowerCase() ?? '' };
}

/** An upload as it is served: its sniffed type, never rendered as a page of this origin (sandboxed). */
async function attachmentReply(ctx: RequestContext, accountId: string): Promise<Reply> {
  const name = attachmentName(ctx);
  const { contentType, body } = await getWhitelabelAttachment(ctx.deps, accountId, name);
  return {
    raw: {
      contentType,
      body,
      headers: {
        'Content-Disposition': `inline; filename=${name}`,
        'Content-Security-Policy': "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'",
        'X-Content-Type-Options': 'nosniff',
      },
    },
  };
}

async function download(ctx: RequestContext): Promise<Reply> {
  await requireAccountAccess(ctx, ctx.params.account_id);
  return attachmentReply(ctx, ctx.params.account_id);
}

async function byDomain(ctx: RequestContext): Promise<{ accountId: string; doc: Awaited<ReturnType<typeof requireWhitelabel>> }> {
  const found = await whitelabelByDomain(ctx.deps.couch, ctx.params.domain);
  if (!found) throw errors.badIdentifier(ctx.params.domain);
  return found;
}

async function publicRead(ctx: RequestContext): Promise<Reply> {
  const { accountId, doc } = await byDomain(ctx);
  return { data: publicWhitelabel(accountId, doc) };
}

async function publicDownload(ctx: RequestContext): Promise<Reply> {
  const { accountId } = await byDomain(ctx);
  return attachmentReply(ctx, accountId);
}

export const whitelabelModule: CrossbarModule = {
  name: 'whitelabel',
  routes: () => [
    { method: 'GET', path: BASE, doc: { summary: "the account's white label (cb_whitelabel): company name, domain, branding, signup fields, mail templates" }, handler: read },
    { method: 'PUT', path: BASE, doc: { summary: 'create the white label; its domain must be unique across accounts', request: 'whitelabel' }, handler: write('create') },
    { method: 'POST', path: BASE, doc: { summary: 'replace the white label', request: 'whitelabel' }, handler: write('replace') },
    { method: 'PATCH', path: BASE, doc: { summary: 'change the fields sent', request: 'whitelabel' }, handler: write('patch') },
    { method: 'DELETE', path: BASE, doc: { summary: 'remove the white label (its domain is free again)' }, handler: remove },
    { method: 'GET', path: `${BASE}/:attachment`, doc: { summary: 'an uploaded image or welcome page (logo, icon, welcome, login_logo, login_background, header_image, content_logo)', raw: 'application/octet-stream' }, handler: download },
    { method: 'POST', path: `${BASE}/:attachment`, body: 'binary', doc: { summary: 'upload an image or welcome page; its type is read from its bytes, its size bounded' }, handler: upload },
    { method: 'GET', path: '/v2/whitelabel/:domain', auth: 'none', doc: { summary: 'the public branding of a domain, for a login page (no login)' }, handler: publicRead },
    { method: 'GET', path: '/v2/whitelabel/:domain/:attachment', auth: 'none', doc: { summary: "a domain's public image or welcome page (no login)", raw: 'application/octet-stream' }, handler: publicDownload },
  ],
};
