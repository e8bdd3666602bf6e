// knm_number_states + knm_phone_number:release as pure functions: given a number doc (or none),
// who asks and the account trees involved, the next doc or the Kazoo error. No I/O here.
import type { KazooError } from '@tollgate/errors';
import { type AccountTrees, type Actor, controls, isAncestorOrSelf } from './hierarchy';
import { knmErrors } from './knm-errors';
import type { NumberDoc } from './number-doc';
import type { NumberState } from './number-states';

/** Which states each target state may be reached from (knm_number_states). */
const TRANSITIONS: Readonly<Record<'reserved' | 'in_service' | 'available' | 'aging' | 'port_in', readonly NumberState[]>> = {
  reserved: ['discovery', 'available', 'reserved', 'in_service'],
  in_service: ['discovery', 'available', 'reserved', 'port_in', 'aging', 'in_service'],
  available: ['available', 'aging', 'released'],
  aging: ['available', 'released', 'aging'],
  port_in: ['port_in', 'discovery'],
};

/** States in which a number belongs to an account (and sits in its db). */
export const HELD_STATES: readonly NumberState[] = ['reserved', 'in_service', 'port_in'];

function canTransition(from: NumberState, to: keyof typeof TRANSITIONS): boolean {
  return TRANSITIONS[to].includes(from);
}

export interface PlanContext {
  actor: Actor;
  /** Trees of the actor, the target account and the number's current/previous owners. */
  trees: AccountTrees;
  now: number;
}

export type Plan = { ok: true; doc: NumberDoc } | { ok: false; error: KazooError };

const fail = (error: KazooError): Plan => ({ ok: false, error });

function withChanges(doc: NumberDoc, changes: Partial<NumberDoc>, now: number): NumberDoc {
  const next: NumberDoc = { ...doc, ...changes, pvt_modified: now };
  for (const [k, v] of Object.entries(changes)) if (v === undefined) delete (next as Record<string, unknown>)[k];
  return next;
}

/**
 * Inventory and carrier numbers are invisible outside their owner's tree: an `available` number
 * assigned to a reseller can be found and taken only by that reseller and its descendants.
 */
export function isVisibleTo(doc: NumberDoc, actor: Actor, accountId: string, trees: AccountTrees): boolean {
  if (actor.isAdmin) return true;
  if (doc.pvt_state === 'available' || doc.pvt_state === 'discovery') {
    return !doc.pvt_assigned_to || isAncestorOrSelf(doc.pvt_assigned_to, accountId, trees);
  }
  return isAncestorOrSelf(actor.accountId, doc.pvt_assigned_to, trees) || isAncestorOrSelf(doc.pvt_assigned_to, accountId, trees);
}

/** Inventory (available, discovery) outside the taker's tree is hidden; held numbers are visible (and taken: 409). */
function hiddenFrom(doc: NumberDoc, actor: Actor, accountId: string, trees: AccountTrees): boolean {
  if (doc.pvt_state !== 'available' && doc.pvt_state !== 'discovery') return false;
  return !isVisibleTo(doc, actor, accountId, trees);
}

function checkTarget(num: string, assignTo: string, ctx: PlanContext): KazooError | undefined {
  if (!ctx.trees.has(assignTo)) return knmErrors.assignFailure(`account ${assignTo} does not exist`);
  if (!controls(ctx.actor, assignTo, ctx.trees)) return knmErrors.unauthorized(num);
  return undefined;
}

/**
 * knm_phone_number:push_reserve_history. Taking a number out of an inventory always pushes (even
 * for the account that loaded it), so unwinding on release puts it back where it came from.
 */
function pushHistory(doc: NumberDoc, accountId: string): string[] {
  const history = doc.pvt_reserve_history ?? [];
  return history[0] === accountId && doc.pvt_state !== 'available' ? history : [accountId, ...history];
}

/** knm_number_states:to_reserved. */
export function planReserve(doc: NumberDoc, assignTo: string, ctx: PlanContext): Plan {
  const num = doc._id;
  const targetError = checkTarget(num, assignTo, ctx);
  if (targetError) return fail(targetError);
  const from = doc.pvt_state;
  if (hiddenFrom(doc, ctx.actor, assignTo, ctx.trees)) return fail(knmErrors.notFound(num));
  if (!canTransition(from, 'reserved')) return fail(knmErrors.invalidStateTransition(from, 'reserved'));
  if (from === 'reserved' || from === 'in_service') {
    if (doc.pvt_assigned_to === assignTo) {
      return fail(from === 'reserved' ? knmErrors.noChangeRequired(num) : knmErrors.unavailable(num, 'already in service for this account'));
    }
    // Moving a held number needs authority over its holder too (knm_phone_number:is_authorized),
    // unless it was reserved by an ancestor of the new holder for its sub-accounts.
    const fromParent = from === 'reserved' && isAncestorOrSelf(doc.pvt_assigned_to, assignTo, ctx.trees);
    if (!fromParent && !controls(ctx.actor, doc.pvt_assigned_to, ctx.trees)) return fail(knmErrors.unavailable(num, `${from} for another account`));
  }
  return {
    ok: true,
    doc: withChanges(
      doc,
      {
        pvt_state: 'reserved',
        pvt_assigned_to: assignTo,
        pvt_previously_assigned_to: doc.pvt_assigned_to && doc.pvt_assigned_to !== assignTo ? doc.pvt_assigned_to : doc.pvt_previously_assigned_to,
        pvt_reserve_history: pushHistory(doc, assignTo),
        pvt_authorizing_account: ctx.actor.accountId,
      },
      ctx.now,
    ),
  };
}

/** knm_number_states:to_in_service (activation). */
export function planActivate(doc: NumberDoc, assignTo: string, ctx: PlanContext): Plan {
  const num = doc._id;
  const targetError = checkTarget(num, assignTo, ctx);
  if (targetError) return fail(targetError);
  const from = doc.pvt_state;
  if (hiddenFrom(doc, ctx.actor, assignTo, ctx.trees)) return fail(knmErrors.notFound(num));
  if (!canTransition(from, 'in_service')) return fail(knmErrors.invalidStateTransition(from, 'in_service'));
  const holder = doc.pvt_assigned_to;
  switch (from) {
    case 'in_service':
      // As Kazoo (knm_number_states: a number already the account's is fine): activating it again
      // for its holder succeeds and changes nothing; for anyone else it is taken (of many
      // concurrent activations by different accounts exactly one succeeds).
      if (holder === assignTo) return { ok: true, doc };
      return fail(knmErrors.unavailable(num, 'in service for another account'));
    case 'reserved':
      // knm_phone_number:is_reserved_from_parent: reserved by the new holder or one of its ancestors.
      if (!isAncestorOrSelf(holder, assignTo, ctx.trees) && !ctx.actor.isAdmin) return fail(knmErrors.unavailable(num, 'reserved for another account'));
      break;
    case 'port_in':
      if (!controls(ctx.actor, holder, ctx.trees)) return fail(knmErrors.unavailable(num, 'being ported in for another account'));
      break;
    case 'aging':
      // Kazoo lets anyone re-buy an aging number; only its previous holder (or an admin) may here.
      if (!ctx.actor.isAdmin && doc.pvt_previously_assigned_to !== assignTo) return fail(knmErrors.unavailable(num, 'aging'));
      break;
    default:
      break;
  }
  return {
    ok: true,
    doc: withChanges(
      doc,
      {
        pvt_state: 'in_service',
        pvt_assigned_to: assignTo,
        pvt_previously_assigned_to: holder && holder !== assignTo ? holder : doc.pvt_previously_assigned_to,
        pvt_reserve_history: from === 'reserved' || from === 'available' ? pushHistory(doc, assignTo) : doc.pvt_reserve_history,
        pvt_authorizing_account: ctx.actor.accountId,
      },
      ctx.now,
    ),
  };
}

/** What system_config number_manager says happens to a released number. */
export interface ReleaseSettings {
  /** `released_state`: where a number with no previous holder goes (default available). */
  releasedState: 'available' | 'released';
  /** `should_age`: go through `aging` first. */
  shouldAge: boolean;
  /** `should_permanently_delete`: released numbers with no previous holder are deleted. */
  shouldPermanentlyDelete: boolean;
}

export interface ReleaseOutcome {
  doc: NumberDoc;
  /** The number left the system (state deleted). */
  deleted: boolean;
}

/**
 * knm_numbers:release: features and public fields are cleared, the holder becomes the previous
 * holder, and the reserve history is unwound. A number that came from an inventory goes back to
 * it (`available` for the account that loaded it, where Kazoo would make it `reserved`); one
 * reserved by an ancestor goes back to that ancestor; anything else follows system_config:
 * local numbers and `should_permanently_delete` → deleted, `should_age` → aging, else
 * `released_state`; numbers of a carrier the system gives back (`disconnectState`) → that state.
 */
export function planRelease(
  doc: NumberDoc,
  ctx: PlanContext,
  settings: ReleaseSettings,
  disconnectState: 'deleted' | 'disconnected' | undefined,
): { ok: true; outcome: ReleaseOutcome } | { ok: false; error: KazooError } {
  const num = doc._id;
  const from = doc.pvt_state;
  if (from === 'released') return { ok: true, outcome: { doc, deleted: false } };
  const releasable = HELD_STATES.includes(from) || doc.pvt_module_name === 'knm_local';
  if (!releasable || from === 'deleted') return { ok: false, error: knmErrors.invalidStateTransition(from, settings.releasedState) };
  const holder = doc.pvt_assigned_to;
  if (!ctx.actor.isAdmin && !controls(ctx.actor, holder, ctx.trees)) {
    return { ok: false, error: isVisibleTo(doc, ctx.actor, ctx.actor.accountId, ctx.trees) ? knmErrors.unauthorized(num) : knmErrors.notFound(num) };
  }
  const publicCleared = Object.fromEntries(Object.keys(doc).filter((k) => !k.startsWith('_') && !k.startsWith('pvt_')).map((k) => [k, undefined]));
  // knm_phone_number:unwind_reserve_history: the holder's own entry goes.
  const all = doc.pvt_reserve_history ?? [];
  const history = holder && all[0] === holder ? all.slice(1) : all;
  const base: Partial<NumberDoc> = {
    ...publicCleared,
    pvt_features: {},
    pvt_used_by: undefined,
    pvt_previously_assigned_to: holder ?? doc.pvt_previously_assigned_to,
    pvt_reserve_history: history,
    pvt_authorizing_account: ctx.actor.accountId,
  };
  const back = history[0];
  if (back) {
    const toInventory = doc.pvt_module_name === 'knm_inventory';
    return {
      ok: true,
      outcome: { doc: withChanges(doc, { ...base, pvt_state: toInventory ? 'available' : 'reserved', pvt_assigned_to: back }, ctx.now), deleted: false },
    };
  }
  let state: NumberState;
  if (settings.shouldPermanentlyDelete || doc.pvt_module_name === 'knm_local' || disconnectState === 'deleted') state = 'deleted';
  else if (disconnectState === 'disconnected') state = 'disconnected';
  else if (settings.shouldAge) state = 'aging';
  else state = settings.releasedState;
  return {
    ok: true,
    outcome: { doc: withChanges(doc, { ...base, pvt_state: state, pvt_assigned_to: undefined }, ctx.now), deleted: state === 'deleted' },
  };
}

/** knm_number:move: an admin or an ancestor of both holders hands a held number to another account. */
export function planMove(doc: NumberDoc, moveTo: string, ctx: PlanContext): Plan {
  const num = doc._id;
  const targetError = checkTarget(num, moveTo, ctx);
  if (targetError) return fail(targetError);
  if (!HELD_STATES.includes(doc.pvt_state)) return planActivate(doc, moveTo, ctx);
  if (doc.pvt_assigned_to === moveTo) return fail(knmErrors.noChangeRequired(num));
  if (!controls(ctx.actor, doc.pvt_assigned_to, ctx.trees)) return fail(knmErrors.unauthorized(num));
  return {
    ok: true,
    doc: withChanges(
      doc,
      {
        pvt_assigned_to: moveTo,
        pvt_previously_assigned_to: doc.pvt_assigned_to,
        pvt_state: doc.pvt_state === 'reserved' ? 'reserved' : doc.pvt_state,
        pvt_authorizing_account: ctx.actor.accountId,
      },
      ctx.now,
    ),
  };
}
