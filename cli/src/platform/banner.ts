import { redactedUrl } from '@tollgate/kazoo-db';
import type { Platform } from './start-platform';

export interface BannerCredentials {
  accountName: string;
  username: string;
  password: string;
  /** The password was generated on this first run and is shown once. */
  passwordShown: boolean;
  passwordFromEnv: boolean;
}

export interface BannerPlaces {
  /** crossbar's listen address (TOLLGATE_HTTP_HOST). */
  httpHost: string;
  /** Where the embedded database keeps its admin. */
  couchAdminFile?: string;
}

function listensOn(host: string): string {
  if (host === '127.0.0.1' || host === '::1' || host === 'localhost') return 'this machine only';
  return host === '0.0.0.0' || host === '::' ? 'every interface' : host;
}

/** The database lines: for the embedded server its admin, and the curl that seeds' edits use. */
function databaseLines(platform: Platform, places: BannerPlaces): string[] {
  const e = platform.embedded;
  if (!e) {
    const origin = new URL(platform.couchUrl).origin;
    return [`  CouchDB        ${redactedUrl(platform.couchUrl)}`, `  Fauxton        ${origin}/_utils/`];
  }
  const shown = e.adminSource === 'given' ? '$TOLLGATE_COUCHDB_PASSWORD' : e.admin.password;
  const where =
    e.adminSource === 'given'
      ? '(from TOLLGATE_COUCHDB_PASSWORD)'
      : `(${e.adminSource === 'generated' ? 'generated now, ' : ''}kept in ${places.couchAdminFile ?? 'the data dir'})`;
  return [
    `  CouchDB        ${e.origin}   (embedded, ${listensOn(new URL(e.origin).hostname)}; anonymous requests are refused)`,
    `  CouchDB admin  ${e.admin.name} / ${e.adminSource === 'given' ? '(TOLLGATE_COUCHDB_PASSWORD)' : e.admin.password}   ${where}`,
    `  Fauxton        ${e.origin}/_utils/   (log in as the CouchDB admin)`,
    `                 curl -u "${e.admin.name}:${shown}" ${e.origin}/_all_dbs`,
  ];
}

export function printBanner(platform: Platform, creds: BannerCredentials, places: BannerPlaces): void {
  const cb = platform.crossbarUrl ?? '(crossbar not started)';
  const bus = platform.deps.bus.mode === 'amqp' ? 'RabbitMQ (AMQP)' : 'in-process (softswitch AMQP rate requests are NOT served)';
  const password = creds.passwordShown
    ? `${creds.password}   <- generated now and shown only once; keep it`
    : creds.passwordFromEnv
      ? '(from TOLLGATE_ADMIN_PASSWORD)'
      : `(set on first run and printed then; lost: tollgate reset_password ${creds.accountName} ${creds.username})`;
  const lines = [
    '',
    'Tollgate is up.',
    `  Crossbar API   ${cb}/v2${platform.crossbarUrl ? `   (${listensOn(places.httpHost)}; TOLLGATE_HTTP_HOST)` : ''}`,
    ...databaseLines(platform, places),
    `  Bus            ${bus}`,
    ...(platform.opsUrl ? [`  Metrics        ${platform.opsUrl}/metrics   health ${platform.opsUrl}/health   (TOLLGATE_METRICS_PORT)`] : []),
    ...(platform.crossbarUrl ? [`  Portal         ${platform.crossbarUrl}/portal/   (the reseller web portal; ?domain=<whitelabel domain> for a reseller's branding)`] : []),
    ...(platform.crossbarUrl ? [`  API docs       ${platform.crossbarUrl}/v2/docs   (OpenAPI: ${platform.crossbarUrl}/v2/openapi.json)`] : []),
    `  Master account ${creds.accountName}${platform.master ? `  (id ${platform.master.accountId})` : ''}`,
    `  Admin user     ${creds.username}`,
    `  Password       ${password}`,
    '',
    'Log in (Kazoo user_auth: credentials = md5 of "username:password"):',
    `  curl -s -X PUT ${cb}/v2/user_auth \\`,
    `    -d "{\\"data\\":{\\"credentials\\":\\"$(echo -n '${creds.username}:<password>' | md5sum | cut -d' ' -f1)\\",\\"account_name\\":\\"${creds.accountName}\\"}}"`,
    '',
    'Stop with Ctrl-C. `./tollgate status` shows what runs.',
    '',
  ];
  process.stdout.write(lines.join('\n'));
}
