import type { AccountTrees, Actor } from './hierarchy';
import { planActivate, planMove, planRelease, planReserve, type ReleaseSettings } from './lifecycle';
import { newNumberDoc, type NumberDoc } from './number-doc';


// master → reseller → {customer, customer2}; master → outsider
const M = 'a'.repeat(32);
const R = 'b'.repeat(32);
const C = 'c'.repeat(32);
const C2 = 'd'.repeat(32);
const O = 'e'.repeat(32);
const trees: AccountTrees = new Map([
  [M, []],
  [R, [M]],
  [C, [M, R]],
  [C2, [M, R]],
  [O, [M]],
]);
const as = (accountId: string, isAdmin = false): Actor => ({ accountId, isAdmin });
const ctx = (actor: Actor) => ({ actor, trees, now: 100 });
const settings: ReleaseSettings = { releasedState: 'available', shouldAge: false, shouldPermanentlyDelete: false };

function inventoryNumber(owner = R): NumberDoc {
  return newNumberDoc({ number: '+14158867900', state: 'available', moduleName: 'knm_inventory', assignedTo: owner, reserveHistory: [owner], authBy: owner, now: 1 });
}

function ok(plan: { ok: boolean; doc?: NumberDoc; error?: unknown }): NumberDoc {
  if (!plan.ok) throw plan.error;
  return plan.doc as NumberDoc;
}

function errorOf(plan: { ok: boolean; error?: unknown }): { code: number; data: { error: string } } {
  expect(plan.ok).toBe(false);
  return plan.error as { code: number; data: { error: string } };
}

describe('inventory numbers', () => {
  test('a customer of the reseller reserves then activates; history remembers the inventory', () => {
    const reserved = ok(planReserve(inventoryNumber(), C, ctx(as(C))));
    expect(reserved).toMatchObject({ pvt_state: 'reserved', pvt_assigned_to: C, pvt_reserve_history: [C, R], pvt_previously_assigned_to: R, pvt_modified: 100 });
    const active = ok(planActivate(reserved, C, ctx(as(C))));
    expect(active).toMatchObject({ pvt_state: 'in_service', pvt_assigned_to: C, pvt_reserve_history: [C, R] });
  });

  test('an account outside the reseller tree does not even see it (404)', () => {
    expect(errorOf(planReserve(inventoryNumber(), O, ctx(as(O))))).toMatchObject({ code: 404, data: { error: 'not_found' } });
    expect(errorOf(planActivate(inventoryNumber(), O, ctx(as(O))))).toMatchObject({ code: 404 });
  });

  test('nobody assigns a number to an account it does not control', () => {
    expect(errorOf(planActivate(inventoryNumber(), C2, ctx(as(C))))).toMatchObject({ code: 403, data: { error: 'forbidden' } });
    expect(ok(planActivate(inventoryNumber(), C2, ctx(as(R)))).pvt_assigned_to).toBe(C2);
    expect(ok(planActivate(inventoryNumber(), O, ctx(as(M, true)))).pvt_assigned_to).toBe(O);
  });

  test('released by the customer it goes back to the reseller inventory', () => {
    const active = ok(planActivate(ok(planReserve(inventoryNumber(), C, ctx(as(C)))), C, ctx(as(C))));
    const withFields = { ...active, cnam: { display_name: 'ACME' }, pvt_features: { cnam: {} } };
    const res = planRelease(withFields, ctx(as(C)), settings, undefined);
    if (!res.ok) throw res.error;
    expect(res.outcome.doc).toMatchObject({ pvt_state: 'available', pvt_assigned_to: R, pvt_previously_assigned_to: C, pvt_reserve_history: [R], pvt_features: {} });
    expect(res.outcome.doc).not.toHaveProperty('cnam');
  });

  test('the reseller activating its own inventory gets it back in the inventory on release', () => {
    const active = ok(planActivate(inventoryNumber(), R, ctx(as(R))));
    expect(active.pvt_reserve_history).toEqual([R, R]);
    const res = planRelease(active, ctx(as(R)), settings, undefined);
    if (!res.ok) throw res.error;
    expect(res.outcome.doc).toMatchObject({ pvt_state: 'available', pvt_assigned_to: R });
  });
});

describe('held numbers', () => {
  const heldBy = (holder: string, state: 'reserved' | 'in_service'): NumberDoc => ({ ...inventoryNumber(), pvt_state: state, pvt_assigned_to: holder, pvt_reserve_history: [holder, R] });

  test('activating a number in service is fine for its holder (nothing changes, as Kazoo) and a 409 for anyone else', () => {
    const held = heldBy(C, 'in_service');
    expect(planActivate(held, C, ctx(as(C)))).toEqual({ ok: true, doc: held });
    expect(errorOf(planActivate(held, C2, ctx(as(C2))))).toMatchObject({ code: 409, data: { error: 'number_unavailable' } });
  });

  test('a number reserved by a sibling is not for you; one reserved by your reseller is', () => {
    expect(errorOf(planActivate(heldBy(C2, 'reserved'), C, ctx(as(C))))).toMatchObject({ code: 409 });
    expect(ok(planActivate(heldBy(R, 'reserved'), C, ctx(as(C)))).pvt_assigned_to).toBe(C);
  });

  test('reserving what you already reserved: no change required (Kazoo)', () => {
    expect(errorOf(planReserve(heldBy(C, 'reserved'), C, ctx(as(C))))).toMatchObject({ code: 400, data: { error: 'no_change_required' } });
  });

  test("only the holder or its ancestors release; a sub-account gets 403 for its reseller's number, others 404", () => {
    const n = heldBy(C, 'in_service');
    expect(planRelease(n, ctx(as(R)), settings, undefined).ok).toBe(true);
    expect(errorOf(planRelease(heldBy(R, 'in_service'), ctx(as(C)), settings, undefined))).toMatchObject({ code: 403 });
    expect(errorOf(planRelease(n, ctx(as(C2)), settings, undefined))).toMatchObject({ code: 404 });
    expect(errorOf(planRelease(n, ctx(as(O)), settings, undefined))).toMatchObject({ code: 404 });
  });

  test('move needs authority over the current holder', () => {
    const n = heldBy(C, 'in_service');
    expect(ok(planMove(n, C2, ctx(as(R))))).toMatchObject({ pvt_assigned_to: C2, pvt_previously_assigned_to: C, pvt_state: 'in_service' });
    expect(errorOf(planMove(n, C2, ctx(as(C2))))).toMatchObject({ code: 403 });
  });
});

describe('transitions Kazoo does not allow', () => {
  test.each([
    ['released', 'activate'],
    ['disconnected', 'activate'],
    ['deleted', 'reserve'],
    ['port_in', 'reserve'],
    ['aging', 'reserve'],
  ] as const)('%s → %s is invalid_state_transition', (state, action) => {
    const doc = { ...inventoryNumber(), pvt_state: state };
    const plan = action === 'activate' ? planActivate(doc, C, ctx(as(C))) : planReserve(doc, C, ctx(as(C)));
    expect(errorOf(plan)).toMatchObject({ code: 400, data: { error: 'invalid_state_transition' } });
  });

  test('an available number cannot be released', () => {
    expect(errorOf(planRelease(inventoryNumber(), ctx(as(R)), settings, undefined))).toMatchObject({ code: 400 });
  });

  test('aging numbers go back only to their previous holder', () => {
    const aging: NumberDoc = { ...inventoryNumber(), pvt_state: 'aging', pvt_assigned_to: undefined, pvt_previously_assigned_to: C };
    delete aging.pvt_assigned_to;
    expect(errorOf(planActivate(aging, C2, ctx(as(R))))).toMatchObject({ code: 409 });
    expect(ok(planActivate(aging, C, ctx(as(C)))).pvt_state).toBe('in_service');
  });

  test('an unknown target account is an assign failure', () => {
    expect(errorOf(planActivate(inventoryNumber(), 'f'.repeat(32), ctx(as(M, true))))).toMatchObject({ code: 400, data: { error: 'assign_failure' } });
  });
});

describe('release follows system_config when nobody is left in the history', () => {
  const lone = (moduleName: string): NumberDoc => ({ ...inventoryNumber(), pvt_module_name: moduleName, pvt_state: 'in_service', pvt_assigned_to: C, pvt_reserve_history: [C] });
  const stateAfter = (doc: NumberDoc, s: Partial<ReleaseSettings>, disconnect?: 'deleted' | 'disconnected') => {
    const r = planRelease(doc, ctx(as(C)), { ...settings, ...s }, disconnect);
    if (!r.ok) throw r.error;
    return r.outcome.doc.pvt_state;
  };

  test.each([
    [{}, undefined, 'available'],
    [{ releasedState: 'released' as const }, undefined, 'released'],
    [{ shouldAge: true }, undefined, 'aging'],
    [{ shouldPermanentlyDelete: true }, undefined, 'deleted'],
    [{}, 'disconnected' as const, 'disconnected'],
    [{ shouldAge: true }, 'deleted' as const, 'deleted'],
  ])('%j with carrier disconnect %s → %s', (s, disconnect, expected) => {
    expect(stateAfter(lone('knm_inventory'), s, disconnect)).toBe(expected);
  });

  test('local numbers always leave the system (knm_local), whatever should_age says', () => {
    expect(stateAfter(lone('knm_local'), { shouldAge: true })).toBe('deleted');
  });
});
