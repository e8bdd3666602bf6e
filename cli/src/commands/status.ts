import { chooseBrokerUrl, foreignClaims } from '@tollgate/kazoo-bus';
import { gregorianNow, redactedUrl } from '@tollgate/kazoo-db';
import { platformIdentity } from '@tollgate/service-kit';
import type { Command } from 'commander';
import { isAlive, readNodes } from '../platform/heartbeat';
import { connectCouch } from '../platform/connect';
import { SERVICE_NAMES, WORK_QUEUES } from '../platform/service-registry';
import { readSettings } from '../settings';
import type { CliCommand } from './command';

export const status: CliCommand = {
  register(program: Command) {
    program
      .command('status')
      .description('show the database, the bus mode, which services run on which node and whether each is ready (rating: indexing ratedeck 43 %), and nodes of another platform on the same broker vhost; exits 1 when a service is down or not ready yet, or another platform is there')
      .action(async () => {
        const couch = await connectCouch();
        process.stdout.write(`database   up (${redactedUrl(couch.url)})\n`);
        const nodes = await readNodes(couch).catch(() => []);
        const now = gregorianNow();
        const alive = nodes.filter((n) => isAlive(n, now));
        let down = 0;
        for (const svc of SERVICE_NAMES) {
          const where = alive.filter((n) => n.services.includes(svc));
          // A node of an older version carries no readiness: its services were ready once listed.
          const notReady = where.flatMap((n) => {
            const r = n.readiness?.[svc];
            return r && !r.ready ? [r.detail ?? 'starting'] : [];
          });
          const state = where.length === 0 ? 'down' : notReady.length === where.length ? 'starting' : 'up';
          if (state !== 'up') down++;
          const detail = where
            .map((n) => {
              const r = n.readiness?.[svc];
              const doing = r && !r.ready ? `${r.detail ?? 'starting'}, ` : '';
              return `${n._id} (${doing}bus ${n.bus}${n.crossbar_url && svc === 'crossbar-api' ? `, ${n.crossbar_url}` : ''})`;
            })
            .join(', ');
          process.stdout.write(`${svc.padEnd(15)}${state.padEnd(10)}${state === 'starting' ? `${notReady[0]}   ` : ''}${detail}\n`);
        }
        const { id } = await platformIdentity(couch, couch.url);
        // The broker the platform's own chooseBus picks: AMQP_URL, else the local one if it answers.
        const brokerUrl = (await chooseBrokerUrl(readSettings().amqpUrl)).url;
        const foreign = brokerUrl ? await foreignClaims(brokerUrl, id, WORK_QUEUES).catch(() => []) : [];
        for (const claim of foreign) {
          process.stdout.write(`${'foreign'.padEnd(15)}${claim.queue} is consumed by another platform: node ${claim.node}, database ${claim.database}\n`);
        }
        if (foreign.length > 0) process.stdout.write('another Tollgate shares this broker vhost: give each platform a vhost of its own (AMQP_URL=amqp://…/<vhost>)\n');
        if (down > 0 || foreign.length > 0) process.exitCode = 1;
      });
  },
};
