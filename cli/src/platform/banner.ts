import type { Platform } from './start-platform';

export interface BannerCredentials {
  accountName: string;
  username: string;
  password: string;
  /** The password was generated on this first run and is shown once. */
  passwordShown: boolean;
  passwordFromEnv: boolean;
}

export function printBanner(platform: Platform, creds: BannerCredentials): void {
  const cb = platform.crossbarUrl ?? '(crossbar not started)';
  const bus = platform.deps.bus.mode === 'amqp' ? 'RabbitMQ (AMQP)' : 'in-process (softswitch AMQP rate requests are NOT served)';
  const password = creds.passwordShown
    ? `${creds.password}   <- generated now and shown only once; keep it`
    : creds.passwordFromEnv
      ? '(from TOLLGATE_ADMIN_PASSWORD)'
      : '(set on first run; printed then)';
  const lines = [
    '',
    'Tollgate is up.',
    `  Crossbar API   ${cb}/v2`,
    `  CouchDB        ${platform.couchUrl}${platform.embedded ? '   (embedded)' : ''}`,
    `  Fauxton        ${platform.couchUrl}/_utils/`,
    `  Bus            ${bus}`,
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
