// Request bodies: JSON read whole under a small limit; CSV streamed under a large one. Both limits
// live in system_config crossbar so an admin can change them without a restart.
import { PassThrough, type Readable } from 'node:stream';
import { errors } from '@tollgate/errors';
import type { Request } from 'express';

export const CSV_TYPES = ['text/csv', 'text/comma-separated-values', 'application/csv', 'application/octet-stream'];

export function mediaType(req: Request): string {
  return (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

export function isCsv(type: string): boolean {
  return CSV_TYPES.includes(type);
}

function declaredTooLarge(req: Request, limit: number): boolean {
  const len = Number(req.headers['content-length']);
  return Number.isFinite(len) && len > limit;
}

/** Reads a JSON body; empty is {}. Kazoo parses bodies as JSON whatever the content type says (curl -d). */
export async function readJson(req: Request, limit: number): Promise<Record<string, unknown>> {
  if (declaredTooLarge(req, limit)) throw errors.tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.resume();
      throw errors.tooLarge(limit);
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw errors.parseError();
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw errors.parseError();
  return parsed as Record<string, unknown>;
}

/** The body as a stream that fails with a 413 error once it passes `limit` bytes. */
export function streamCsv(req: Request, limit: number): Readable {
  if (declaredTooLarge(req, limit)) throw errors.tooLarge(limit);
  const out = new PassThrough();
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > limit) {
      req.unpipe(out);
      req.resume();
      out.destroy(errors.tooLarge(limit));
    }
  });
  req.on('error', (err) => out.destroy(err));
  req.pipe(out);
  return out;
}
