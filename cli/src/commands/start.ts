import { nodeName } from '@tollgate/config';
import { adminFile, startEmbeddedCouchDB } from '@tollgate/embedded-couchdb';
import type { Command } from 'commander';
import { CliError, portError } from '../cli-error';
import { isServiceName, SERVICE_NAMES } from '../platform/service-registry';
import { startPlatform } from '../platform/start-platform';
import { defaultEmbeddedDataDir, readSettings } from '../settings';
import type { CliCommand } from './command';

async function startDb(): Promise<void> {
  const s = readSettings();
  const dataDir = defaultEmbeddedDataDir(s.dataDir);
  const db = await startEmbeddedCouchDB({ port: s.couchPort, host: '127.0.0.1', dataDir, admin: s.couchAdmin }).catch((err) => {
    throw portError(err, s.couchPort, 'TOLLGATE_COUCHDB_PORT');
  });
  const password = db.adminSource === 'given' ? '$TOLLGATE_COUCHDB_PASSWORD' : db.admin.password;
  const clientUrl = `http://${encodeURIComponent(db.admin.name)}:${db.adminSource === 'given' ? password : encodeURIComponent(password)}@${new URL(db.origin).host}`;
  process.stdout.write(
    [
      `embedded CouchDB on ${db.origin} (this machine only; anonymous requests are refused), data in ${dataDir}`,
      `admin ${db.admin.name} / ${db.adminSource === 'given' ? '(TOLLGATE_COUCHDB_PASSWORD)' : `${password}   (kept in ${adminFile(dataDir)})`}`,
      `Fauxton ${db.origin}/_utils/ (log in as the admin)`,
      `set COUCHDB_URL=${clientUrl} for \`tollgate start <service>\``,
      '',
    ].join('\n'),
  );
  const stop = async () => {
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

export const start: CliCommand = {
  register(program: Command) {
    program
      .command('start')
      .argument('<service>', `db | ${SERVICE_NAMES.join(' | ')}`)
      .description('run one service alone (production: one process per service, as many copies as needed); needs COUCHDB_URL and a RabbitMQ broker (AMQP_URL, default amqp://guest:guest@127.0.0.1:5672)')
      .action(async (service: string) => {
        if (service === 'db') return startDb();
        if (!isServiceName(service)) throw new CliError(`unknown service "${service}"; one of: db, ${SERVICE_NAMES.join(', ')}`);
        const s = readSettings();
        if (!s.couchUrl) throw new CliError('a service started alone needs COUCHDB_URL (a CouchDB, or `tollgate start db`)');
        const platform = await startPlatform({
          node: nodeName(service),
          couchUrl: s.couchUrl,
          amqpUrl: s.amqpUrl,
          allowLocalBus: false,
          http: { port: s.httpPort, host: s.httpHost },
          services: [service],
          ops: { port: s.metricsPort, host: s.metricsHost },
        });
        process.stdout.write(
          `${service} started (node ${platform.deps.node})${platform.crossbarUrl ? ` on ${platform.crossbarUrl}` : ''}; metrics and health on ${platform.opsUrl}/metrics, /health\n`,
        );
        const stop = async () => {
          await platform.stop();
          process.exit(0);
        };
        process.once('SIGINT', () => void stop());
        process.once('SIGTERM', () => void stop());
      });
  },
};
