/** CouchDB refused the credentials (401), as opposed to not answering at all. */
export function isUnauthorized(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { statusCode?: unknown }).statusCode === 401;
}
