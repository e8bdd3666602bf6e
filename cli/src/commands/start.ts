import { nodeName } from '@tollgate/config';
import { startEmbeddedCouchDB } from '@tollgate/embedded-couchdb';
import type { Command } from 'commander';
import { CliError, portError } from '../cli-error';
import { isServiceName, SERVICE_NAMES } from '../platform/service-registry';
import { defaultEmbeddedDataDir, startPlatform } from '../platform/start-platform';
import { readSettings } from '../settings';
import type { CliCommand } from './command';

async function startDb(): Promise<void> {
  const s = readSettings();
  const db = await startEmbeddedCouchDB({ port: s.couchPort, host: '127.0.0.1', dataDir: defaultEmbeddedDataDir(s.dataDir) }).catch((err) => {
    throw portError(err, s.couchPort, 'TOLLGATE_COUCHDB_PORT');
  });
  process.stdout.write(`embedded CouchDB on ${db.url} (Fauxton ${db.url}/_utils/), data in ${defaultEmbeddedDataDir(s.dataDir)}\nset COUCHDB_URL=${db.url} for \`tollgate start <service>\`\n`);
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
          http: { port: s.httpPort, host: '0.0.0.0' },
          services: [service],
        });
        process.stdout.write(`${service} started (node ${platform.deps.node})${platform.crossbarUrl ? ` on ${platform.crossbarUrl}` : ''}\n`);
        const stop = async () => {
          await platform.stop();
          process.exit(0);
        };
        process.once('SIGINT', () => void stop());
        process.once('SIGTERM', () => void stop());
      });
  },
};
