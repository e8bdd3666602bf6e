import { nodeName } from '@tollgate/config';
import type { Command } from 'commander';
import { adminFile } from '@tollgate/embedded-couchdb';
import { generatedPassword } from '../platform/bootstrap';
import { startPlatform } from '../platform/start-platform';
import { SERVICE_NAMES } from '../platform/service-registry';
import { printBanner } from '../platform/banner';
import { defaultEmbeddedDataDir, readSettings } from '../settings';
import type { CliCommand } from './command';

export const up: CliCommand = {
  register(program: Command) {
    program
      .command('up')
      .description(`start the whole platform in this process: database (embedded unless COUCHDB_URL), bus, crossbar on :${process.env.TOLLGATE_HTTP_PORT || 8000} (TOLLGATE_HTTP_PORT) and every service`)
      .action(async () => {
        const s = readSettings();
        const generated = !s.adminPassword;
        const master = {
          accountName: s.masterAccountName ?? 'master',
          username: s.adminUsername ?? 'admin',
          password: s.adminPassword ?? generatedPassword(),
        };
        const platform = await startPlatform({
          node: nodeName(),
          couchUrl: s.couchUrl,
          embedded: { port: s.couchPort, host: '127.0.0.1', dataDir: defaultEmbeddedDataDir(s.dataDir), admin: s.couchAdmin },
          amqpUrl: s.amqpUrl,
          allowLocalBus: true,
          http: { port: s.httpPort, host: s.httpHost },
          stateDir: s.dataDir,
          services: SERVICE_NAMES,
          master,
          ops: { port: s.metricsPort, host: s.metricsHost },
        });
        printBanner(
          platform,
          { ...master, passwordShown: generated && platform.master?.created === true, passwordFromEnv: !generated },
          { httpHost: s.httpHost, couchAdminFile: adminFile(defaultEmbeddedDataDir(s.dataDir)) },
        );
        const shutdown = async (signal: string) => {
          process.stderr.write(`\n${signal}: stopping Tollgate…\n`);
          await platform.stop();
          process.exit(0);
        };
        process.once('SIGINT', () => void shutdown('SIGINT'));
        process.once('SIGTERM', () => void shutdown('SIGTERM'));
      });
  },
};
