// `tollgate numbers show <number>` and `tollgate numbers import <file.csv>` (operator verbs: they
// act as the system, like Kazoo's knm maintenance).
import { readFileSync } from 'node:fs';
import { findMasterAccountId } from '@tollgate/accounts';
import { nodeName } from '@tollgate/config';
import { chooseBus } from '@tollgate/kazoo-bus';
import { createLogger } from '@tollgate/log';
import {
  carrierBillable,
  classifierFor,
  isNumberState,
  listAccountNumbers,
  NumberManager,
  normalizeNumber,
  normalizeOptionsOf,
  numbersSettings,
  readNumber,
} from '@tollgate/numbers';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { CliError } from '../cli-error';
import { connectConfig } from '../platform/connect';
import { readSettings } from '../settings';
import type { CliCommand } from './command';
import { readNumberCsv } from './numbers/read-number-csv';

const CHUNK = 250;

async function show(input: string): Promise<void> {
  const { couch, config } = await connectConfig();
  const settings = (await numbersSettings(config)).current;
  const num = normalizeNumber(input, normalizeOptionsOf(settings));
  if (!num) throw new CliError(`${input} is not a number the system keeps (not reconcilable)`);
  const doc = await readNumber(couch, num);
  const classifier = classifierFor(num, settings.classifiers);
  if (!doc) {
    process.stdout.write(`${JSON.stringify({ number: num, in_system: false, classification: classifier?.name }, null, 2)}\n`);
    return;
  }
  const holder = doc.pvt_assigned_to;
  const listed = holder ? (await listAccountNumbers(couch, holder)).some((n) => n.number === num) : false;
  const out = {
    number: num,
    state: doc.pvt_state,
    assigned_to: holder,
    previously_assigned_to: doc.pvt_previously_assigned_to,
    reserve_history: doc.pvt_reserve_history,
    carrier_module: doc.pvt_module_name,
    billable: await carrierBillable(config, settings, doc.pvt_module_name),
    classification: classifier?.name,
    features: Object.keys(doc.pvt_features ?? {}),
    used_by: doc.pvt_used_by,
    ported_in: doc.pvt_ported_in,
    created: doc.pvt_created,
    modified: doc.pvt_modified,
    numbers_db: doc.pvt_db_name,
    in_account_listing: listed,
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

interface ImportOptions {
  account?: string;
  state: string;
  carrier?: string;
}

async function importFile(file: string, opts: ImportOptions): Promise<void> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read ${file}: ${(err as Error).message}`);
  }
  if (!isNumberState(opts.state)) throw new CliError(`--state must be available, reserved, in_service, port_in or aging; got ${opts.state}`);
  const { numbers, empty } = readNumberCsv(text);
  if (numbers.length === 0) throw new CliError(`${file} holds no numbers (a header with an e164 column, or numbers in the first column)`);
  const { couch, config } = await connectConfig();
  const account = opts.account ?? (await findMasterAccountId({ couch, config }));
  if (!account) throw new CliError('no --account given and no master account yet (run `tollgate up` once)');
  const settings = readSettings();
  const log = createLogger('cli');
  const bus = await chooseBus({ amqpUrl: settings.amqpUrl, appName: 'tollgate-cli', appVersion: '4.3.0', node: nodeName('tollgate-cli'), log });
  const nm = new NumberManager({ couch, bus, config });
  const bar = new SingleBar(
    { format: 'importing [{bar}] {value}/{total} numbers | {failed} failed', hideCursor: true, barsize: 40 },
    Presets.legacy,
  );
  let ok = 0;
  let existed = 0;
  const failures: string[] = [];
  bar.start(numbers.length, 0, { failed: 0 });
  try {
    for (let i = 0; i < numbers.length; i += CHUNK) {
      const chunk = numbers.slice(i, i + CHUNK);
      const results = await nm.importNumbers(
        chunk.map((input) => ({ input })),
        { actor: { accountId: 'system', isAdmin: true }, assignTo: account, state: opts.state, moduleName: opts.carrier },
      );
      for (const r of results) {
        if (!r.ok) failures.push(`${r.number}: ${r.reason}`);
        else if (r.existed) existed++;
        else ok++;
      }
      bar.update(Math.min(i + CHUNK, numbers.length), { failed: failures.length });
    }
  } finally {
    bar.stop();
    await bus.close();
  }
  for (const f of failures.slice(0, 20)) process.stderr.write(`  ${f}\n`);
  if (failures.length > 20) process.stderr.write(`  … and ${failures.length - 20} more\n`);
  if (empty.length) process.stderr.write(`  lines without a number: ${empty.slice(0, 20).join(', ')}\n`);
  process.stdout.write(`imported ${ok}, already there ${existed}, failed ${failures.length} (account ${account}, state ${opts.state})\n`);
  if (failures.length > 0) process.exitCode = 1;
}

export const numbers: CliCommand = {
  register(program: Command) {
    const cmd = program.command('numbers').description('phone numbers (Kazoo number manager): show one, import a CSV into an inventory');
    cmd
      .command('show')
      .argument('<number>')
      .description('state, holder, carrier, class and billing of one number')
      .action(async (n: string) => show(n));
    cmd
      .command('import')
      .argument('<file.csv>')
      .option('--account <id>', 'account the numbers are loaded for (default: the master account)')
      .option('--state <state>', 'available (inventory), reserved, in_service, port_in or aging', 'available')
      .option('--carrier <module>', 'carrier module (default knm_inventory for available, knm_local otherwise)')
      .description('load numbers from a CSV (an e164 column, or numbers in the first column), with a progress bar')
      .action(async (file: string, opts: ImportOptions) => importFile(file, opts));
  },
};
