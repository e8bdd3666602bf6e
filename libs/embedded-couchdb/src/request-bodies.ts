// Request bodies read as Apache CouchDB 3 reads them. express-pouchdb parsed a body only when it
// was labelled application/json, so `curl -X PUT -d '{…}'` (form-encoded) stored an empty document,
// wiping an existing one when a rev was given, and a form-encoded POST created an empty one.
import express from 'express';

/** What a request's body must be, by method and path. */
export type BodyRule =
  | { kind: 'json'; mustBeObject?: string } // parsed as JSON whatever the Content-Type (CouchDB's json_body)
  | { kind: 'content-type'; type: string } // refused with 415 unless labelled so (CouchDB's validate_ctype)
  | { kind: 'as-is' };

const SYSTEM_DBS = new Set(['_users', '_replicator', '_global_changes']);
// POST endpoints of a database that Apache CouchDB 3 refuses unless the body is labelled JSON.
const JSON_POSTS = new Set([
  '_all_docs',
  '_bulk_docs',
  '_bulk_get',
  '_changes',
  '_compact',
  '_design_docs',
  '_ensure_full_commit',
  '_explain',
  '_find',
  '_index',
  '_local_docs',
  '_missing_revs',
  '_purge',
  '_revs_diff',
]);
const DOCUMENT = 'Document must be a JSON object';

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

export function bodyRule(method: string, path: string, contentType: string | undefined): BodyRule {
  const parts = path.split('?')[0].split('/').filter(Boolean).map(decoded);
  const [db, second] = parts;
  if (method === 'POST' && db === '_replicate' && parts.length === 1) return { kind: 'content-type', type: 'application/json' };
  if (!db || (db.startsWith('_') && !SYSTEM_DBS.has(db))) return { kind: 'as-is' };
  if (method === 'PUT') {
    if (parts.length === 1) return { kind: 'as-is' };
    // A multipart/related PUT carries the document and its attachments; express-pouchdb parses it.
    if (mediaType(contentType) === 'multipart/related') return { kind: 'as-is' };
    if (second === '_security' && parts.length === 2) return { kind: 'json', mustBeObject: 'Request body must be a JSON object' };
    const isDocument =
      second.startsWith('_design/') || second.startsWith('_local/')
        ? parts.length === 2
        : second === '_design'
          ? parts.length === 3 // _design/<name>/<attachment> is an attachment
          : second === '_local'
            ? parts.length >= 3
            : !second.startsWith('_') && parts.length === 2; // <doc>/<attachment> is an attachment
    return isDocument ? { kind: 'json', mustBeObject: DOCUMENT } : { kind: 'as-is' };
  }
  if (method === 'POST') {
    if (parts.length === 1) return { kind: 'content-type', type: 'application/json' };
    if (JSON_POSTS.has(second) && (parts.length === 2 || (second === '_compact' && parts.length === 3))) return { kind: 'content-type', type: 'application/json' };
    if (second === '_design' && parts[3] === '_view' && parts.length === 5) return { kind: 'content-type', type: 'application/json' };
    // POST /db/<doc> is Fauxton's attachment upload form.
    if (!second.startsWith('_') && parts.length === 2) return { kind: 'content-type', type: 'multipart/form-data' };
  }
  return { kind: 'as-is' };
}

function couchError(res: express.Response, status: number, error: string, reason: string) {
  res.status(status).type('application/json').send(JSON.stringify({ error, reason }));
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** `maxBytes` is express-pouchdb's max_document_size, read per request as it does. */
export function requestBodies(maxBytes: () => number): express.Router {
  const router = express.Router();
  router.use((req, res, next) => {
    const rule = bodyRule(req.method, req.path, req.headers['content-type']);
    if (rule.kind === 'as-is') {
      next();
      return;
    }
    if (rule.kind === 'content-type') {
      if (mediaType(req.headers['content-type']) === rule.type) next();
      else couchError(res, 415, 'bad_content_type', `Content-Type must be ${rule.type}`);
      return;
    }
    express.raw({ type: () => true, limit: maxBytes() })(req, res, (err?: { status?: number; type?: string; message?: string }) => {
      if (err) {
        if (err.status === 413) couchError(res, 413, 'too_large', 'the request entity is too large');
        else couchError(res, err.status ?? 400, 'bad_request', err.message ?? 'unreadable request body');
        return;
      }
      let body: unknown;
      try {
        body = JSON.parse(utf8.decode(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)));
      } catch {
        couchError(res, 400, 'bad_request', 'invalid UTF-8 JSON');
        return;
      }
      if (rule.mustBeObject && (typeof body !== 'object' || body === null || Array.isArray(body))) {
        couchError(res, 400, 'bad_request', rule.mustBeObject);
        return;
      }
      // body-parser (inside express-pouchdb) skips a request whose body is already parsed.
      req.body = body;
      (req as { _body?: boolean })._body = true;
      next();
    });
  });
  return router;
}
