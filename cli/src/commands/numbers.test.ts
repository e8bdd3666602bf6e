import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accountDbName, GLOBAL_DBS } from '@tollgate/kazoo-db';
import { readNumber } from '@tollgate/numbers';
import { randomHex, TestCouch } from '@tollgate/testing';
import { Command } from 'commander';
import { numbers } from './numbers';
import { readNumberCsv } from './numbers/read-number-csv';

const couch = new TestCouch();
const account = randomHex(16);
let npa: string;

beforeAll(async () => {
  npa = await couch.reserveUsAreaCode();
  await couch.ensureDb(GLOBAL_DBS.accounts);
  await couch.ensureDb(accountDbName(account));
  couch.track(accountDbName(account));
  await couch.put(GLOBAL_DBS.accounts, { _id: account, pvt_type: 'account', pvt_tree: [] });
});
afterAll(async () => {
  await couch.cleanup();
});

function program(): Command {
  const p = new Command().exitOverride();
  numbers.register(p);
  return p;
}

test('readNumberCsv takes the e164 column, or the first column without a header', () => {
  expect(readNumberCsv('name,e164\nA,+14158867900\nB,\n"C","4158867901"\n')).toEqual({ numbers: ['+14158867900', '4158867901'], empty: [3] });
  expect(readNumberCsv('+14158867900\n4158867901\r\n')).toEqual({ numbers: ['+14158867900', '4158867901'], empty: [] });
  expect(readNumberCsv('')).toEqual({ numbers: [], empty: [] });
});

test('numbers import loads a CSV into an inventory with a progress bar; numbers show reports one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'numbers-'));
  const file = join(dir, 'in.csv');
  writeFileSync(file, `e164\n+1${npa}5556000\n${npa}5556001\nnope\n`);
  const out: string[] = [];
  const spyOut = jest.spyOn(process.stdout, 'write').mockImplementation((s) => {
    out.push(String(s));
    return true;
  });
  const spyErr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    await program().parseAsync(['node', 'tollgate', 'numbers', 'import', file, '--account', account]);
    expect(out.join('')).toContain(`imported 2, already there 0, failed 1 (account ${account}, state available)`);
    expect(await readNumber(couch, `+1${npa}5556001`)).toMatchObject({ pvt_state: 'available', pvt_assigned_to: account, pvt_module_name: 'knm_inventory' });
    out.length = 0;
    await program().parseAsync(['node', 'tollgate', 'numbers', 'show', `${npa}5556000`]);
    expect(JSON.parse(out.find((o) => o.startsWith('{\n')) ?? '{}')).toMatchObject({ number: `+1${npa}5556000`, state: 'available', assigned_to: account, carrier_module: 'knm_inventory', billable: true, classification: 'did_us' });
  } finally {
    spyOut.mockRestore();
    spyErr.mockRestore();
    process.exitCode = 0;
  }
});
