// `GET /` answers as Apache CouchDB's welcome does, so that clients and tools probing
// `couchdb: "Welcome"` and `version` accept the server; express-pouchdb's own fields stay.
import express from 'express';

/** The Apache CouchDB release whose API the embedded server follows (admin rules, names, errors). */
const COUCHDB_API_VERSION = '3.3.3';
const VENDOR_NAME = 'Tollgate embedded (PouchDB Server)';

/** express-pouchdb's welcome, with CouchDB's fields first. */
function couchWelcome(pouchWelcome: Record<string, unknown>): Record<string, unknown> {
  const { version: pouchVersion, vendor: _pouchVendor, ...rest } = pouchWelcome;
  return {
    couchdb: 'Welcome',
    version: COUCHDB_API_VERSION,
    // Every feature flag of CouchDB 3 names an API the embedded server lacks (partitions,
    // _scheduler, resharding, storage engines, per-document access): none is claimed.
    features: [],
    vendor: { name: VENDOR_NAME, version: pouchVersion },
    ...rest,
  };
}

export function welcome(): express.Router {
  const router = express.Router();
  router.get('/', (_req, res, next) => {
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      res.send = send;
      try {
        const text = Buffer.isBuffer(body) ? body.toString('utf8') : String(body);
        return send(Buffer.from(`${JSON.stringify(couchWelcome(JSON.parse(text)))}\n`, 'utf8'));
      } catch {
        return send(body);
      }
    };
    next();
  });
  return router;
}
