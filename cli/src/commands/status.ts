import { gregorianNow, redactedUrl } from '@tollgate/kazoo-db';
import type { Command } from 'commander';
import { isAlive, readNodes } from '../platform/heartbeat';
import { connectCouch } from '../platform/connect';
import { SERVICE_NAMES } from '../platform/service-registry';
import type { CliCommand } from './command';

export const status: CliCommand = {
  register(program: Command) {
    program
      .command('status')
      .description('show the database, the bus mode and which services run on which node; exits 1 when a service is down')
      .action(async () => {
        const couch = await connectCouch();
        process.stdout.write(`database   up (${redactedUrl(couch.url)})\n`);
        const nodes = await readNodes(couch).catch(() => []);
        const now = gregorianNow();
        const alive = nodes.filter((n) => isAlive(n, now));
        let down = 0;
        for (const svc of SERVICE_NAMES) {
          const where = alive.filter((n) => n.services.includes(svc));
          if (where.length === 0) down++;
          const detail = where.map((n) => `${n._id} (bus ${n.bus}${n.crossbar_url && svc === 'crossbar-api' ? `, ${n.crossbar_url}` : ''})`).join(', ');
          process.stdout.write(`${svc.padEnd(15)}${where.length ? 'up' : 'down'}${detail ? `   ${detail}` : ''}\n`);
        }
        if (down > 0) process.exitCode = 1;
      });
  },
};
