import { Readable } from 'node:stream';
import { readNumber } from '@tollgate/numbers';
import { createTask, publicTaskFields, requestStart, type TaskDoc, TaskStore } from '@tollgate/tasks';
import { accountDbName, deployDesignDocs, GLOBAL_DBS } from '@tollgate/kazoo-db';
import { randomHex } from '@tollgate/testing';
import { start } from '../../index';
import { type Harness, startHarness } from '../../testing';

let h: Harness;
// master → reseller → customer; master → outsider (this test has its own CouchDB server)
const [master, reseller, customer, outsider] = Array.from({ length: 4 }, () => randomHex(16));
const t = { reseller, customer, outsider, prefix: '+1415' };

beforeAll(async () => {
  h = await startHarness({ bulk_batch_size: 4 });
  for (const db of [GLOBAL_DBS.accounts, GLOBAL_DBS.services]) await h.couch.ensureDb(db);
  // the tree views the quota gate counts sub-accounts with
  await deployDesignDocs(h.couch, GLOBAL_DBS.accounts, 'accounts');
  for (const [id, tree, isReseller] of [
    [master, [], true],
    [reseller, [master], true],
    [customer, [master, reseller], false],
    [outsider, [master], false],
  ] as [string, string[], boolean][]) {
    await h.couch.ensureDb(accountDbName(id));
    await h.couch.put(GLOBAL_DBS.accounts, { _id: id, pvt_type: 'account', pvt_account_id: id, pvt_tree: tree, pvt_reseller: isReseller });
    await h.couch.put(GLOBAL_DBS.services, { _id: id, pvt_type: 'service', pvt_reseller: isReseller });
  }
});
afterAll(async () => {
  await h.close();
});

async function text(stream: NodeJS.ReadableStream | undefined): Promise<string> {
  let s = '';
  for await (const c of stream ?? []) s += c.toString();
  return s;
}

async function run(accountId: string, caller: { authAccountId: string; isSuperduperAdmin: boolean; accountIsReseller: boolean }, action: string, csv?: string): Promise<{ done: TaskDoc; out: string }> {
  const deps = await h.deps();
  const store = new TaskStore({ couch: h.couch });
  const task = await createTask({ couch: h.couch, bus: deps.bus }, { accountId, category: 'number_management', action, ...(csv ? { csv: Readable.from([csv]) } : {}), caller });
  await requestStart(deps.bus, task._id);
  const end = Date.now() + 20000;
  for (;;) {
    const doc = await store.get(task._id);
    if (doc && doc.pvt_status !== 'executing' && doc.pvt_status !== 'pending') return { done: doc, out: await text(await store.readAttachment(task._id, 'out.csv')) };
    if (Date.now() > end) throw new Error('task never finished');
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('a reseller imports its inventory, a customer is assigned a number, list shows it', async () => {
  const svc = await start(await h.deps('nm-tasks@test'));
  try {
    const n = (i: number) => `${t.prefix}555${3000 + i}`;
    const reseller = { authAccountId: t.reseller, isSuperduperAdmin: false, accountIsReseller: true };
    const csv = ['e164,state,cnam.display_name', ...[0, 1, 2, 3, 4].map((i) => `${n(i)},,`), 'garbage,,', `${n(5)},in_service,`, `${n(6)},available,ACME`, ''].join('\n');
    const imported = await run(t.reseller, reseller, 'import', csv);
    expect(publicTaskFields(imported.done, true)).toMatchObject({ status: 'partial', total_count: 8, success_count: 7, failure_count: 1 });
    expect(imported.out).toContain('garbage,,,number garbage is not reconcilable');
    expect(await readNumber(h.couch, n(0))).toMatchObject({ pvt_state: 'available', pvt_assigned_to: t.reseller, pvt_module_name: 'knm_inventory' });
    expect(await readNumber(h.couch, n(5))).toMatchObject({ pvt_state: 'in_service', pvt_module_name: 'knm_local' });
    expect(await readNumber(h.couch, n(6))).toMatchObject({ cnam: { display_name: 'ACME' } });

    const customer = { authAccountId: t.customer, isSuperduperAdmin: false, accountIsReseller: false };
    const assigned = await run(t.customer, customer, 'assign_to', ['number,account_id', `${n(1)},`, `${n(2)},${t.outsider}`, ''].join('\n'));
    expect(publicTaskFields(assigned.done, true)).toMatchObject({ success_count: 1, failure_count: 1 });
    expect(await readNumber(h.couch, n(1))).toMatchObject({ pvt_state: 'in_service', pvt_assigned_to: t.customer });
    expect(await readNumber(h.couch, n(2))).toMatchObject({ pvt_state: 'available', pvt_assigned_to: t.reseller });

    const listed = await run(t.customer, customer, 'list');
    expect(listed.out.split('\n')[0]).toBe('e164,account_id,previously_assigned_to,state,created,modified,used_by,ported_in,carrier_module,features');
    expect(listed.out).toContain(`${n(1)},${t.customer},${t.reseller},in_service,`);
  } finally {
    await svc.stop();
  }
});

test("number tasks pass the accounts module's gate: a reseller's quota refuses a whole import group, an inactive reseller every row", async () => {
  const svc = await start(await h.deps('nm-tasks-gate@test'));
  const n = (i: number) => `${t.prefix}555${3100 + i}`;
  const reseller = { authAccountId: t.reseller, isSuperduperAdmin: false, accountIsReseller: true };
  const setReplica = (active: boolean) => h.couch.update(GLOBAL_DBS.accounts, t.reseller, (cur) => ({ ...(cur as object), pvt_reseller_active: active }));
  try {
    // the tree holds two numbers (the reseller's in_service one, the customer's): one unit left
    await h.couch.put(accountDbName(t.reseller), { _id: 'quotas', pvt_type: 'quotas', phone_numbers: 3 });
    const over = await run(t.reseller, reseller, 'import', ['e164,account_id,state', `${n(0)},${t.customer},in_service`, `${n(1)},${t.customer},in_service`, ''].join('\n'));
    expect(publicTaskFields(over.done, true)).toMatchObject({ success_count: 0, failure_count: 2 });
    expect(over.out).toContain(`phone_numbers quota of reseller ${t.reseller} reached: 2 of 3 in use`);
    expect(await readNumber(h.couch, n(0))).toBeUndefined();
    // inventory (available) holds nothing: it passes
    const stock = await run(t.reseller, reseller, 'import', ['e164,state', `${n(2)},available`, ''].join('\n'));
    expect(publicTaskFields(stock.done, true)).toMatchObject({ success_count: 1 });

    await setReplica(false);
    const inactive = await run(t.reseller, reseller, 'import', ['e164,state', `${n(3)},available`, ''].join('\n'));
    expect(publicTaskFields(inactive.done, true)).toMatchObject({ success_count: 0, failure_count: 1 });
    expect(inactive.out).toContain(`reseller ${t.reseller} is inactive`);
    const assign = await run(t.customer, { authAccountId: t.customer, isSuperduperAdmin: false, accountIsReseller: false }, 'assign_to', ['number', n(2), ''].join('\n'));
    expect(assign.out).toContain('is inactive');
  } finally {
    await setReplica(true);
    await svc.stop();
  }
});
