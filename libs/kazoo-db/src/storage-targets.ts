/**
 * The CouchDB servers storage tests run against: the one COUCHDB_URL names (the embedded server in
 * `npm test`) and, where the test setup could start one in Docker, Apache CouchDB 3 too.
 */
export function storageTargets(): [name: string, url: string][] {
  const targets: [string, string][] = [['COUCHDB_URL', process.env.COUCHDB_URL ?? '']];
  if (process.env.TOLLGATE_COUCHDB3_URL) targets.push(['CouchDB 3 (testcontainers)', process.env.TOLLGATE_COUCHDB3_URL]);
  return targets;
}
