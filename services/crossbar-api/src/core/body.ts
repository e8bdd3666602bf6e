// Request bodies: JSON read whole under a small limit; CSV streamed under a large one. Both limits
// live in system_config crossbar so an admin can change them without a restart. A body that stops
// arriving (a declared Content-Length never reached) fails after `idleMs` instead of holding the
// request open until Node's five-minute request timeout.
import { PassThrough, type Readable } from 'node:stream';
import { errors } from '@tollgate/errors';
import type { Request } from 'express';
import { nestsDeeperThan } from './json-depth';

const CSV_TYPES = ['text/csv', 'text/comma-separated-values', 'application/csv', 'application/octet-stream'];

export interface BodyLimits {
  /** Largest body in bytes. */
  bytes: number;
  /** Longest wait for the next chunk of a body. */
  idleMs: number;
}

export interface JsonLimits extends BodyLimits {
  /** Deepest nesting of arrays/objects. */
  depth: number;
}

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

/**
 * Calls `onIdle` when `req` sends nothing for `idleMs` while we are reading (a body paused because
 * its reader is busy is not idle); returns the function that stops watching.
 */
function watchIdle(req: Request, idleMs: number, onIdle: () => void): () => void {
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (req.destroyed) stop();
      else if (req.isPaused()) arm();
      else onIdle();
    }, idleMs);
    // Watching a client never keeps the process alive.
    timer.unref();
  };
  const stop = () => {
    clearTimeout(timer);
    req.off('data', arm);
    req.off('end', stop);
    req.off('close', stop);
  };
  req.on('data', arm);
  req.once('end', stop);
  req.once('close', stop);
  arm();
  return stop;
}

function readAll(req: Request, limits: BodyLimits): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (err: unknown, body?: Buffer) => {
      if (settled) return;
      settled = true;
      stopWatching();
      req.off('data', onData);
      if (err) reject(err);
      else resolve(body as Buffer);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.bytes) {
        req.resume();
        finish(errors.tooLarge(limits.bytes));
        return;
      }
      chunks.push(chunk);
    };
    const stopWatching = watchIdle(req, limits.idleMs, () => finish(errors.requestTimeout(Math.ceil(limits.idleMs / 1000))));
    req.on('data', onData);
    req.once('end', () => finish(undefined, Buffer.concat(chunks)));
    // The client left mid-body: nobody reads the answer, but it must not count as a server error.
    const aborted = () => finish(errors.badRequest('request aborted before its body was sent'));
    req.once('error', aborted);
    req.once('close', aborted);
  });
}

/** Reads a raw body (a route with `body: 'binary'`) whole, refused with 413 past `limits.bytes`. */
export async function readRaw(req: Request, limits: BodyLimits): Promise<Buffer> {
  if (declaredTooLarge(req, limits.bytes)) throw errors.tooLarge(limits.bytes);
  if (req.readableEnded) return Buffer.alloc(0);
  return readAll(req, limits);
}

/** Reads a JSON body; empty is {}. Kazoo parses bodies as JSON whatever the content type says (curl -d). */
export async function readJson(req: Request, limits: JsonLimits): Promise<Record<string, unknown>> {
  if (declaredTooLarge(req, limits.bytes)) throw errors.tooLarge(limits.bytes);
  if (req.readableEnded) return {};
  const text = (await readAll(req, limits)).toString('utf8').trim();
  if (text === '') return {};
  return parseJsonObject(text, limits.depth);
}

/** A JSON object from `text`, refused (Kazoo's 400 validation error `json.invalid`) when malformed, not an object, or nested deeper than `depth`. */
function parseJsonObject(text: string, depth: number): Record<string, unknown> {
  if (nestsDeeperThan(text, depth)) throw errors.parseError(`JSON nested deeper than ${depth} levels`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw errors.parseError();
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw errors.parseError();
  return parsed as Record<string, unknown>;
}

/** The body as a stream that fails with a 413 error once it passes the byte limit, or a 408 when it stalls. */
export function streamCsv(req: Request, limits: BodyLimits): Readable {
  if (declaredTooLarge(req, limits.bytes)) throw errors.tooLarge(limits.bytes);
  const out = new PassThrough();
  let size = 0;
  const fail = (err: Error) => {
    stopWatching();
    req.unpipe(out);
    req.resume();
    out.destroy(err);
  };
  // The handler may not read at once (it checks access first); the idle clock runs on what the client sends.
  const stopWatching = watchIdle(req, limits.idleMs, () => fail(errors.requestTimeout(Math.ceil(limits.idleMs / 1000))));
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > limits.bytes) fail(errors.tooLarge(limits.bytes));
  });
  req.on('error', (err) => out.destroy(err));
  // A reader that stops early (a refused upload) must not leave the request paused for ever: the
  // rest of the body is read and dropped, still under the byte limit and the idle clock.
  out.once('close', () => {
    if (req.complete) return;
    req.unpipe(out);
    req.resume();
  });
  req.pipe(out);
  return out;
}
