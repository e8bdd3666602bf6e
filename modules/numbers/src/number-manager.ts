// The number manager's operations (knm_number / knm_numbers): read → plan (pure lifecycle) →
// write with the revision read → account copies. Crossbar, the tasks category, the CLI and the
// number-manager service all go through here.
import { fetchAccountsById } from '@tollgate/accounts';
import type { SystemConfig } from '@tollgate/config';
import { errors } from '@tollgate/errors';
import type { Bus } from '@tollgate/kazoo-bus';
import { type Couch, gregorianNow, isAccountId, isPrivateKey } from '@tollgate/kazoo-db';
import { DocWriter } from '@tollgate/service-kit';
import { fetchServices } from '@tollgate/services';
import { type NumbersSettings, normalizeOptionsOf, numbersSettings } from './config';
import { carrierModule } from './domain/carriers';
import { allowedCreationStates, type CreatorFacts, creationModule, featuresFrom } from './domain/creation';
import { normalizeNumber } from './domain/e164';
import { type AccountTrees, type Actor, controls, isAncestorOrSelf, SYSTEM_ACTOR } from './domain/hierarchy';
import { knmErrors } from './domain/knm-errors';
import { HELD_STATES, isVisibleTo, type Plan, type PlanContext, planActivate, planMove, planRelease, planReserve } from './domain/lifecycle';
import { newNumberDoc, type NumberDoc } from './domain/number-doc';
import type { NumberState } from './domain/number-states';
import { ensureAccountCopy, holderOf, syncAccountCopies } from './store/account-copies';
import { accountNumberDocs } from './store/account-listing';
import { fetchTrees } from './store/account-trees';
import { type CrawlReport, crawlNumbers } from './store/crawl';
import { type ImportEntry, type ImportResult, importNumbers } from './store/inventory-import';
import { readNumber, writeNumber } from './store/number-store';
import { type SearchRequest, type SearchResult, searchNumbers } from './store/search';

export interface NumberManagerDeps {
  couch: Couch;
  bus: Bus;
  config: SystemConfig;
}

export interface CreateRequest {
  actor: Actor;
  assignTo: string;
  state?: NumberState;
  moduleName?: string;
  portedIn?: boolean;
  publicFields?: Record<string, unknown>;
}

export interface ImportRequest {
  actor: Actor;
  assignTo: string;
  state?: NumberState;
  moduleName?: string;
}

/** Public fields a client may set: no `_*`/`pvt_*`, no `id` (it is the number). */
export function cleanPublicFields(data: unknown): Record<string, unknown> {
  if (data === undefined || data === null) return {};
  if (typeof data !== 'object' || Array.isArray(data)) throw errors.field('data', 'type', 'data must be an object');
  return Object.fromEntries(Object.entries(data as Record<string, unknown>).filter(([k]) => !isPrivateKey(k) && k !== 'id'));
}

function withPublicFields(doc: NumberDoc, fields: Record<string, unknown>, replace: boolean): NumberDoc {
  const next: NumberDoc = { ...doc };
  if (replace) for (const k of Object.keys(next)) if (!isPrivateKey(k)) delete (next as Record<string, unknown>)[k];
  for (const [k, v] of Object.entries(fields)) {
    if (v === null) delete (next as Record<string, unknown>)[k];
    else (next as Record<string, unknown>)[k] = v;
  }
  const publicNow = Object.fromEntries(Object.entries(next).filter(([k]) => !isPrivateKey(k)));
  next.pvt_features = featuresFrom(publicNow);
  if (typeof publicNow.used_by === 'string') next.pvt_used_by = publicNow.used_by;
  return next;
}

/** States from which a number may be created again (it left the system, or a carrier only offered it). */
const RECREATABLE: readonly NumberState[] = ['deleted', 'disconnected', 'discovery'];

export class NumberManager {
  private readonly writer: DocWriter;

  constructor(private readonly deps: NumberManagerDeps) {
    this.writer = new DocWriter({ couch: deps.couch, bus: deps.bus, config: deps.config });
  }

  /** The number_manager settings as they are now (system_config, followed live). */
  async settings(): Promise<NumbersSettings> {
    return (await numbersSettings(this.deps.config)).current;
  }

  /** The E.164 form of what the client sent, or Kazoo's 404 "is not reconcilable". */
  async normalize(input: string): Promise<string> {
    const num = normalizeNumber(input, normalizeOptionsOf(await this.settings()));
    if (!num) throw knmErrors.notReconcilable(input);
    return num;
  }

  /**
   * Whether an operation leaving the number in `targetState` (a held state when unsaid) for
   * `accountId` gives the account a number it does not hold yet: what a phone_numbers quota
   * counts. Activating the account's own reservation adds none; an unparsable number counts as
   * one (the operation refuses it anyway).
   */
  async addsHeldNumber(input: string, accountId: string, targetState?: string): Promise<boolean> {
    if (targetState !== undefined && !(HELD_STATES as readonly string[]).includes(targetState)) return false;
    const num = normalizeNumber(input, normalizeOptionsOf(await this.settings()));
    if (!num) return true;
    const doc = await readNumber(this.deps.couch, num);
    return !(doc && doc.pvt_deleted !== true && doc.pvt_assigned_to === accountId && HELD_STATES.includes(doc.pvt_state));
  }

  /** Whether `accountId` exists and the actor may act for it (itself or one of its descendants). */
  async accountStanding(actor: Actor, accountId: string): Promise<'ok' | 'missing' | 'forbidden'> {
    const trees = await this.trees(accountId, actor.accountId);
    if (!trees.has(accountId)) return 'missing';
    return controls(actor, accountId, trees) ? 'ok' : 'forbidden';
  }

  /** knm_number:lookup_account: the account holding a number as a client wrote it, if any. */
  async lookupAccount(input: string): Promise<string | undefined> {
    const num = normalizeNumber(input, normalizeOptionsOf(await this.settings()));
    return num ? holderOf(await readNumber(this.deps.couch, num)) : undefined;
  }

  private async trees(...ids: (string | undefined)[]): Promise<AccountTrees> {
    return fetchTrees(this.deps.couch, ids);
  }

  private async context(actor: Actor, ...ids: (string | undefined)[]): Promise<PlanContext> {
    return { actor, trees: await this.trees(actor.isAdmin ? undefined : actor.accountId, ...ids), now: gregorianNow() };
  }

  private async save(before: NumberDoc | undefined, after: NumberDoc): Promise<NumberDoc> {
    const saved = await writeNumber(this.writer, after);
    await syncAccountCopies(this.writer, before, saved);
    return saved;
  }

  /** The doc, if it exists and is not deleted; a number that left the system is "not found". */
  private async existing(num: string): Promise<NumberDoc | undefined> {
    const doc = await readNumber(this.deps.couch, num);
    return doc && doc.pvt_state !== 'deleted' ? doc : undefined;
  }

  /** The existing doc of a number given as the client wrote it, or Kazoo's 404. */
  private async existingOrFail(input: string): Promise<NumberDoc> {
    const num = await this.normalize(input);
    const doc = await this.existing(num);
    if (!doc) throw knmErrors.notFound(num);
    return doc;
  }

  /** A number the actor may see from `accountId` (its own, its descendants', its tree's inventory). */
  async get(input: string, actor: Actor, accountId: string = actor.accountId): Promise<NumberDoc> {
    const doc = await this.existingOrFail(input);
    const ctx = await this.context(actor, accountId, doc.pvt_assigned_to);
    if (!actor.isAdmin && (!controls(actor, accountId, ctx.trees) || !isVisibleTo(doc, actor, accountId, ctx.trees))) throw knmErrors.notFound(doc._id);
    // A held number is read through its holder's path or an ancestor's, never a descendant's.
    if (HELD_STATES.includes(doc.pvt_state) && !isAncestorOrSelf(accountId, doc.pvt_assigned_to, ctx.trees)) throw knmErrors.notFound(doc._id);
    return doc;
  }

  /** A number not in the system yet, offered by a searched carrier, as a discovery doc (not saved). */
  private async discover(num: string, actor: Actor): Promise<NumberDoc | undefined> {
    for (const m of (await this.settings()).carrierModules) {
      const hit = carrierModule(m)?.offers?.(num);
      if (hit) {
        return newNumberDoc({ number: num, state: 'discovery', moduleName: m, authBy: actor.accountId, carrierData: hit.carrier_data, now: gregorianNow() });
      }
    }
    return undefined;
  }

  /** The current doc for a state change: existing, or a carrier's discovery; a deleted one keeps its _rev. */
  private async forChange(input: string, actor: Actor): Promise<{ before: NumberDoc | undefined; doc: NumberDoc }> {
    const num = await this.normalize(input);
    const stored = await readNumber(this.deps.couch, num);
    if (stored && stored.pvt_state !== 'deleted' && stored.pvt_state !== 'disconnected') return { before: stored, doc: stored };
    const found = await this.discover(num, actor);
    if (!found) throw knmErrors.notFound(num);
    return { before: stored, doc: stored?._rev ? { ...found, _rev: stored._rev, pvt_created: stored.pvt_created } : found };
  }

  private async apply(before: NumberDoc | undefined, plan: Plan): Promise<NumberDoc> {
    if (!plan.ok) {
      // A retry of a request whose write landed but whose account copy did not (crash) still
      // gets its answer, and the copy is repaired on the way.
      if (before) await ensureAccountCopy(this.writer, before);
      throw plan.error;
    }
    // Nothing to change (an activation repeated by its holder): the stored doc is the answer.
    if (before && plan.doc === before) {
      await ensureAccountCopy(this.writer, before);
      return before;
    }
    return this.save(before, plan.doc);
  }

  /** A state change of a held or offered number for `target`, by the pure rule `plan`. */
  private async change(input: string, actor: Actor, target: string, plan: (doc: NumberDoc, target: string, ctx: PlanContext) => Plan): Promise<NumberDoc> {
    const { before, doc } = await this.forChange(input, actor);
    const ctx = await this.context(actor, target, doc.pvt_assigned_to);
    return this.apply(before, plan(doc, target, ctx));
  }

  /** PUT …/phone_numbers/{N}/reserve. */
  async reserve(input: string, actor: Actor, assignTo: string): Promise<NumberDoc> {
    return this.change(input, actor, assignTo, planReserve);
  }

  /** PUT …/phone_numbers/{N}/activate: buy the number into service for `assignTo`. */
  async activate(input: string, actor: Actor, assignTo: string): Promise<NumberDoc> {
    return this.change(input, actor, assignTo, planActivate);
  }

  /** knm_number:move: give a held number to another account. */
  async move(input: string, actor: Actor, moveTo: string): Promise<NumberDoc> {
    return this.change(input, actor, moveTo, planMove);
  }

  /** DELETE …/phone_numbers/{N}: release by the rules in system_config. */
  async release(input: string, actor: Actor): Promise<NumberDoc> {
    return this.releaseDoc(await this.existingOrFail(input), actor);
  }

  private async releaseDoc(doc: NumberDoc, actor: Actor): Promise<NumberDoc> {
    const ctx = await this.context(actor, doc.pvt_assigned_to);
    const plan = planRelease(doc, ctx, (await this.settings()).release, carrierModule(doc.pvt_module_name)?.disconnectState);
    if (!plan.ok) throw plan.error;
    if (plan.outcome.doc === doc) return doc;
    const next = plan.outcome.deleted ? { ...plan.outcome.doc, pvt_deleted: true } : plan.outcome.doc;
    return this.save(doc, next);
  }

  /** DELETE …?hard=true (admins): the number leaves the system whatever its state. */
  async hardDelete(input: string, actor: Actor): Promise<NumberDoc> {
    if (!actor.isAdmin) throw knmErrors.unauthorized();
    const doc = await this.existingOrFail(input);
    const { pvt_assigned_to: _a, ...rest } = doc;
    return this.save(doc, { ...rest, pvt_state: 'deleted', pvt_deleted: true, pvt_previously_assigned_to: doc.pvt_assigned_to, pvt_modified: gregorianNow() });
  }

  /** POST (replace) / PATCH (merge) of the public fields of a number the actor holds. */
  async update(input: string, actor: Actor, fields: Record<string, unknown>, replace: boolean, accountId = actor.accountId): Promise<NumberDoc> {
    const doc = await this.existingOrFail(input);
    const ctx = await this.context(actor, doc.pvt_assigned_to, accountId);
    if (!actor.isAdmin && (!controls(actor, doc.pvt_assigned_to, ctx.trees) || !controls(actor, accountId, ctx.trees))) {
      throw isVisibleTo(doc, actor, accountId, ctx.trees) ? knmErrors.unauthorized(doc._id) : knmErrors.notFound(doc._id);
    }
    const next = withPublicFields(doc, cleanPublicFields(fields), replace);
    next.pvt_modified = ctx.now;
    return this.save(doc, next);
  }

  /** What the creation rules need to know of the actor (its account through the accounts module, its services doc through services). */
  private async creatorFacts(actor: Actor, assignTo: string): Promise<CreatorFacts> {
    if (actor.isAdmin) return { isAdmin: true, isReseller: true, allowAdditions: true, toSelf: actor.accountId === assignTo };
    const [accounts, services] = await Promise.all([fetchAccountsById(this.deps.couch, [actor.accountId]), fetchServices(this.deps.couch, actor.accountId)]);
    const account = accounts.get(actor.accountId);
    return {
      isAdmin: false,
      isReseller: services?.pvt_reseller === true || account?.pvt_reseller === true,
      allowAdditions: account?.pvt_wnm_allow_additions === true,
      toSelf: actor.accountId === assignTo,
    };
  }

  /** The state a creation gets, or the error saying why it may not happen (state_for_create). */
  private async creationState(actor: Actor, assignTo: string, requested: NumberState | undefined): Promise<NumberState> {
    if (!isAccountId(assignTo)) throw knmErrors.assignFailure('field_undefined');
    const allowed = allowedCreationStates(await this.creatorFacts(actor, assignTo));
    const state = requested ?? (allowed.includes('in_service') ? 'in_service' : allowed[0]);
    if (!state || !allowed.includes(state)) throw knmErrors.unauthorized('state_for_create');
    return state;
  }

  /** The target account must exist and be the actor's to act for. */
  private checkAssignable(num: string | undefined, actor: Actor, assignTo: string, trees: AccountTrees): void {
    if (!trees.has(assignTo)) throw knmErrors.assignFailure(`account ${assignTo} does not exist`);
    if (!controls(actor, assignTo, trees)) throw knmErrors.unauthorized(num);
  }

  /** PUT /v2/accounts/{A}/phone_numbers/{N}: add a number the system does not hold yet. */
  async create(input: string, req: CreateRequest): Promise<NumberDoc> {
    const num = await this.normalize(input);
    const stored = await readNumber(this.deps.couch, num);
    if (stored && !RECREATABLE.includes(stored.pvt_state)) throw knmErrors.numberExists(num);
    const ctx = await this.context(req.actor, req.assignTo);
    this.checkAssignable(num, req.actor, req.assignTo, ctx.trees);
    const state = await this.creationState(req.actor, req.assignTo, req.state);
    const fresh = newNumberDoc({
      number: num,
      state,
      moduleName: creationModule(state, req.moduleName, req.actor.isAdmin),
      assignedTo: req.assignTo,
      reserveHistory: state === 'available' || state === 'reserved' ? [req.assignTo] : [],
      authBy: req.actor.accountId,
      portedIn: req.portedIn ?? state === 'port_in',
      now: ctx.now,
    });
    const doc = withPublicFields(stored?._rev ? { ...fresh, _rev: stored._rev, pvt_created: stored.pvt_created } : fresh, cleanPublicFields(req.publicFields), false);
    return this.save(stored, doc);
  }

  /** GET /v2/phone_numbers?prefix=&quantity=&offset= (quantity capped by maximum_search_quantity). */
  async search(req: SearchRequest): Promise<SearchResult[]> {
    const settings = await this.settings();
    const quantity = Math.min(Math.max(1, Math.trunc(req.quantity) || 1), settings.maximumSearchQuantity);
    const offset = Math.max(0, Math.trunc(req.offset) || 0);
    const trees = await this.trees(req.accountId, req.actor.isAdmin ? undefined : req.actor.accountId);
    return searchNumbers(this.deps.couch, { ...req, quantity, offset }, trees, settings.carrierModules);
  }

  /**
   * Loads numbers in bulk for `assignTo` (an inventory when the state is `available`). Inputs
   * are normalised here; each gets its own result, in input order.
   */
  async importNumbers(inputs: { input: string; publicFields?: Record<string, unknown> }[], req: ImportRequest): Promise<ImportResult[]> {
    const trees = await this.trees(req.assignTo, req.actor.isAdmin ? undefined : req.actor.accountId);
    this.checkAssignable(undefined, req.actor, req.assignTo, trees);
    const state = await this.creationState(req.actor, req.assignTo, req.state ?? 'available');
    const opts = normalizeOptionsOf(await this.settings());
    const out: (ImportResult | undefined)[] = [];
    const entries: ImportEntry[] = [];
    const at: number[] = [];
    inputs.forEach((row, i) => {
      const num = normalizeNumber(row.input, opts);
      if (!num) {
        out[i] = { number: row.input, ok: false, reason: `number ${row.input} is not reconcilable` };
        return;
      }
      at.push(i);
      entries.push({ number: num, publicFields: row.publicFields ? cleanPublicFields(row.publicFields) : undefined });
    });
    const results = await importNumbers(this.writer, entries, { actor: req.actor, assignTo: req.assignTo, state, moduleName: req.moduleName });
    results.forEach((r, j) => {
      out[at[j]] = r;
    });
    return out.map((r, i) => r ?? { number: inputs[i].input, ok: false, reason: 'not processed' });
  }

  /** Releases every number an account holds (account deletion), by the system. */
  async releaseAccountNumbers(accountId: string): Promise<{ released: string[]; failed: Record<string, string> }> {
    const released: string[] = [];
    const failed: Record<string, string> = {};
    for (const { _id: num } of await accountNumberDocs(this.deps.couch, accountId)) {
      try {
        const doc = await this.existing(num);
        if (!doc || doc.pvt_assigned_to !== accountId) continue;
        await this.releaseDoc(doc, SYSTEM_ACTOR);
        released.push(num);
      } catch (err) {
        failed[num] = (err as Error).message;
      }
    }
    return { released, failed };
  }

  /** One pass of the number crawler (knm_number_crawler). */
  async crawl(now = gregorianNow()): Promise<CrawlReport> {
    return crawlNumbers(this.writer, await this.settings(), now);
  }
}
