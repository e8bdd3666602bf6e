// Streams attachments to and from CouchDB with plain HTTP: nano buffers whole bodies, its
// attachment.insert resolves to a string on the embedded server, and multipart doc PUT hangs
// there, so one standalone attachment PUT with a known length is what works on both servers.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { couchEndpoint } from './http';

export class AttachmentError extends Error {
  constructor(
    message: string,
    readonly statusCode: number,
  ) {
    super(message);
    this.name = 'AttachmentError';
  }
}

function attachmentUrl(couchUrl: string, db: string, docId: string, name: string): { url: URL; headers: Record<string, string> } {
  const ep = couchEndpoint(couchUrl);
  const url = new URL(`${ep.base}/${encodeURIComponent(db)}/${encodeURIComponent(docId)}/${encodeURIComponent(name)}`);
  return { url, headers: { ...ep.headers } };
}

function send(url: URL, options: { method: string; headers: Record<string, string> }, body?: Readable | Buffer): Promise<IncomingMessage> {
  const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, options);
  return new Promise((resolve, reject) => {
    req.once('response', resolve);
    req.once('error', reject);
    if (body === undefined) req.end();
    else if (Buffer.isBuffer(body)) req.end(body);
    else {
      body.once('error', (err) => req.destroy(err));
      body.pipe(req);
    }
  });
}

async function readText(res: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** PUTs one attachment; resolves with the doc's new rev. `length` is required for a stream body. */
export async function putAttachment(
  couchUrl: string,
  db: string,
  docId: string,
  rev: string,
  name: string,
  contentType: string,
  body: Readable | Buffer,
  length?: number,
): Promise<string> {
  const { url, headers } = attachmentUrl(couchUrl, db, docId, name);
  url.searchParams.set('rev', rev);
  const size = Buffer.isBuffer(body) ? body.length : length;
  if (size === undefined) throw new Error('putAttachment: the length of a streamed body is required');
  const res = await send(url, { method: 'PUT', headers: { ...headers, 'content-type': contentType, 'content-length': String(size) } }, body);
  const text = await readText(res);
  // The embedded server answers with a non-JSON content type: parse the text whatever it says.
  let parsed: { rev?: string; error?: string; reason?: string } = {};
  try {
    parsed = JSON.parse(text);
  } catch {
    // leave empty; the status code decides
  }
  if ((res.statusCode ?? 500) >= 300 || !parsed.rev) {
    throw new AttachmentError(`attachment ${name} of ${docId}: HTTP ${res.statusCode} ${parsed.error ?? ''} ${parsed.reason ?? text.slice(0, 200)}`, res.statusCode ?? 500);
  }
  return parsed.rev;
}

/** The attachment's bytes as a stream; undefined when the doc or attachment does not exist. */
export async function getAttachment(couchUrl: string, db: string, docId: string, name: string): Promise<IncomingMessage | undefined> {
  const { url, headers } = attachmentUrl(couchUrl, db, docId, name);
  const res = await send(url, { method: 'GET', headers: { ...headers, accept: '*/*' } });
  if (res.statusCode === 404) {
    res.resume();
    return undefined;
  }
  if ((res.statusCode ?? 500) >= 300) {
    const text = await readText(res);
    throw new AttachmentError(`attachment ${name} of ${docId}: HTTP ${res.statusCode} ${text.slice(0, 200)}`, res.statusCode ?? 500);
  }
  return res;
}
