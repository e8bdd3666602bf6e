// Plain fetch against CouchDB for what nano does not do well (long polls we must abort).
export interface CouchEndpoint {
  /** Base URL without credentials and without a trailing '/'. */
  base: string;
  headers: Record<string, string>;
}

export function couchEndpoint(url: string): CouchEndpoint {
  const u = new URL(url);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (u.username || u.password) {
    const creds = `${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`;
    headers.authorization = `Basic ${Buffer.from(creds).toString('base64')}`;
    u.username = '';
    u.password = '';
  }
  return { base: u.toString().replace(/\/+$/, ''), headers };
}

/** The URL as it may be shown or logged: the password replaced by `***`. */
export function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString().replace(/\/+$/, '');
  } catch {
    return '(unparsable URL)';
  }
}
