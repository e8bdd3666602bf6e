import { refreshAccountReplicas } from '@tollgate/accounts';
import { type Couch, type DbClass, deployDesignDocs, parseAccountRef } from '@tollgate/kazoo-db';
import { GLOBAL_DB_CLASSES } from '@tollgate/service-kit';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { connectCouch } from '../platform/connect';
import type { CliCommand } from './command';

/** Which design-doc class a database gets, by its name; undefined for dbs that have none. */
export function dbClassOf(name: string): DbClass | undefined {
  const global = GLOBAL_DB_CLASSES.find(([db]) => db === name);
  if (global) return global[1];
  const account = parseAccountRef(name);
  if (account) return account.year ? 'modb' : 'account';
  if (name.startsWith('ratedeck/')) return 'ratedeck';
  if (name.startsWith('numbers/')) return 'numbers';
  return undefined;
}

/** Deploys every db's design docs; `progress(done, total)` after each db. */
export async function refreshDesignDocs(couch: Couch, progress: (done: number, total: number) => void = () => {}): Promise<{ written: number; dbs: number }> {
  const dbs = (await couch.listDbs()).flatMap((name) => {
    const cls = dbClassOf(name);
    return cls ? [[name, cls] as const] : [];
  });
  let written = 0;
  for (const [i, [name, cls]] of dbs.entries()) {
    written += (await deployDesignDocs(couch, name, cls)).written.length;
    progress(i + 1, dbs.length);
  }
  return { written, dbs: dbs.length };
}

export const db: CliCommand = {
  register(program: Command) {
    const cmd = program.command('db').description('database maintenance');
    cmd
      .command('ls')
      .argument('[prefix]', 'only names starting with this, e.g. account/ or ratedeck')
      .description('list databases')
      .action(async (prefix?: string) => {
        const couch = await connectCouch();
        for (const name of await couch.listDbs(prefix)) process.stdout.write(`${name}\n`);
      });
    cmd
      .command('refresh')
      .description(
        "push couchdb-views/ into every database that takes them (kapps_maintenance refresh; unchanged design docs are left alone, so indexes are not rebuilt), then bring the `accounts` replica in line with account docs edited by hand",
      )
      .action(async () => {
        const couch = await connectCouch();
        const bar = new SingleBar({ format: '{what} [{bar}] {value}/{total} dbs', stream: process.stderr });
        const progress = (what: string) => (done: number, total: number) => {
          bar.setTotal(total);
          bar.update(done, { what });
        };
        bar.start(0, 0, { what: 'views' });
        const { written, dbs } = await refreshDesignDocs(couch, progress('views'));
        const replicas = await refreshAccountReplicas({ couch }, progress('accounts'));
        bar.stop();
        process.stdout.write(`${dbs} databases checked, ${written} design documents written\n`);
        const list = (ids: string[]) => (ids.length ? `: ${ids.join(' ')}` : '');
        process.stdout.write(`${replicas.checked} accounts checked, ${replicas.repaired.length} replicas in \`accounts\` rewritten${list(replicas.repaired)}\n`);
        if (replicas.restored.length) process.stdout.write(`${replicas.restored.length} account docs restored from \`accounts\`${list(replicas.restored)}\n`);
      });
  },
};
