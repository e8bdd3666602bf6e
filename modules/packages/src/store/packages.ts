// Reseller packages (seed 003) as a view on the reseller's service_plan docs that have a `package`
// section: list, read, create, edit and delete them. The docs are written by @tollgate/services (the
// one writer of service plans) after the package is validated here — its schema (libs/schemas
// `service_plans`), the checks of package-problems.ts and its base ratedeck (one the reseller may
// sell from) — so nothing invalid is ever written.
import type { SystemConfig } from '@tollgate/config';
import { errors, type ValidationErrors } from '@tollgate/errors';
import type { Couch } from '@tollgate/kazoo-db';
import { chooseRatedeck, configuredDefaultRatedeck, ratedeckExists, ratedeckIdOf, ratedeckStanding } from '@tollgate/ratedecks';
import { mergeValidationErrors, schemaValidator } from '@tollgate/schemas';
import { isPackage, type PackageSection, packageRatedeckId, type ServicePlanDoc, type ServicesDoc, type ServicesStore, withPackagePlan } from '@tollgate/services';
import { packageProblems } from '../domain/package-problems';

export type StoredPackage = ServicePlanDoc & { _id: string; _rev: string; package: PackageSection };

export interface PackagesDeps {
  couch: Couch;
  store: ServicesStore;
  config?: SystemConfig;
}

type Loose = Record<string, unknown>;

function ratedeckOfDoc(doc: ServicesDoc | undefined): { ratedeckId?: string; resellerId?: string } | undefined {
  if (!doc) return undefined;
  const deck = (doc as Loose).ratedeck as { id?: unknown } | undefined;
  const reseller = (doc as Loose).pvt_reseller_id;
  return {
    ...(deck && typeof deck.id === 'string' ? { ratedeckId: deck.id } : {}),
    ...(typeof reseller === 'string' ? { resellerId: reseller } : {}),
  };
}

function publicPart(doc: Loose): Loose {
  return Object.fromEntries(Object.entries(doc).filter(([k]) => !k.startsWith('_') && !k.startsWith('pvt_')));
}

function deepMerge(base: Loose, over: Loose): Loose {
  const out: Loose = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const cur = out[k];
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v) && cur && typeof cur === 'object' && !Array.isArray(cur) ? deepMerge(cur as Loose, v as Loose) : v;
  }
  return out;
}

export class Packages {
  constructor(private readonly deps: PackagesDeps) {}

  /** The deck a reseller's own account is rated with (account → its reseller → default_ratedeck). */
  async resellerDeck(resellerId: string): Promise<string> {
    const own = ratedeckOfDoc(await this.deps.store.get(resellerId));
    const parentId = own?.resellerId;
    const parent = parentId && parentId !== resellerId ? ratedeckOfDoc(await this.deps.store.get(parentId)) : undefined;
    const lookup = (id: string) => (id === resellerId ? own : id === parentId ? parent : undefined);
    return chooseRatedeck({ accountId: resellerId }, lookup, await configuredDefaultRatedeck(this.deps.couch)).ratedeckId;
  }

  /** The deck a package marks up: its `base_ratedeck`, else the reseller's own deck. */
  async baseRatedeckOf(resellerId: string, pkg: PackageSection): Promise<string> {
    return typeof pkg.base_ratedeck === 'string' && pkg.base_ratedeck !== '' ? ratedeckIdOf(pkg.base_ratedeck) : this.resellerDeck(resellerId);
  }

  /** Why the reseller may not sell from this deck (missing, or not its own / its provider's / the default). */
  private async baseDeckProblem(resellerId: string, deckId: string): Promise<string | undefined> {
    const message = `ratedeck ${deckId} does not exist or is not one reseller ${resellerId} may sell from (the default ratedeck, the ratedeck its own account is rated with, or one it owns)`;
    // A package over one of the same reseller's package decks would feed on itself (or on a
    // sibling that may feed on it): every derived write a change of its own base.
    if (deckId.startsWith(packageRatedeckId(resellerId, ''))) return `ratedeck ${deckId} is a package deck of reseller ${resellerId}; a package marks up a deck the reseller buys from`;
    if (!(await ratedeckExists(this.deps.couch, deckId))) return message;
    if (deckId === ratedeckIdOf(await configuredDefaultRatedeck(this.deps.couch))) return undefined;
    if (deckId === (await this.resellerDeck(resellerId))) return undefined;
    const standing = await ratedeckStanding(this.deps.couch, deckId);
    return standing.kind === 'owned' && standing.accountId === resellerId ? undefined : message;
  }

  /** Every problem of a package doc body (schema, package rules, base deck); throws Kazoo's 400. */
  async assertValid(resellerId: string, planId: string, body: Loose): Promise<void> {
    if (!isPackage(body)) throw errors.field('package', 'required', 'a package needs a package section (an object)');
    const schema = schemaValidator().check('service_plans', withPackagePlan(body, resellerId, planId), { values: false });
    const found: (ValidationErrors | undefined)[] = [schema.ok ? undefined : schema.errors, packageProblems(body.package)];
    const pkg = body.package as PackageSection;
    if (schema.ok && typeof pkg.base_ratedeck === 'string') {
      const problem = await this.baseDeckProblem(resellerId, pkg.base_ratedeck);
      if (problem) found.push({ 'package.base_ratedeck': { not_found: { message: problem } } });
    }
    const all = mergeValidationErrors(...found);
    if (Object.keys(all).length > 0) throw errors.validation(all);
  }

  list(resellerId: string): Promise<StoredPackage[]> {
    return this.deps.store.listPackages(resellerId) as Promise<StoredPackage[]>;
  }

  async get(resellerId: string, planId: string): Promise<StoredPackage> {
    const doc = await this.deps.store.fetchStoredPlan(resellerId, planId);
    if (!doc || !isPackage(doc)) throw errors.badIdentifier(planId);
    return doc as StoredPackage;
  }

  /** PUT: a new package (an `id` in the data names the doc, else one is generated). */
  async create(resellerId: string, data: Loose): Promise<StoredPackage> {
    const { id, ...body } = data;
    const planId = typeof id === 'string' ? id : `pkg${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    await this.assertValid(resellerId, planId, publicPart(body));
    return (await this.deps.store.createPlan(resellerId, { ...body, id: planId })) as StoredPackage;
  }

  /** POST (replace) or PATCH (merge) a package's public fields. */
  async update(resellerId: string, planId: string, data: Loose, opts: { merge: boolean }): Promise<StoredPackage> {
    const cur = await this.get(resellerId, planId);
    const { id: _ignored, ...body } = data;
    const next = opts.merge ? deepMerge(publicPart(cur), publicPart(body)) : publicPart(body);
    await this.assertValid(resellerId, planId, next);
    return (await this.deps.store.updatePlan(resellerId, planId, next, { merge: false })) as StoredPackage;
  }

  /** The accounts whose services docs name this reseller's package. */
  async clientsOf(resellerId: string, planId: string): Promise<string[]> {
    const ids = await this.deps.store.accountsWithPlan(planId);
    const out: string[] = [];
    for (const id of ids) {
      const doc = await this.deps.store.get(id);
      const ref = doc?.plans?.[planId] as { account_id?: string; vendor_id?: string } | undefined;
      if (doc && doc.pvt_deleted !== true && (ref?.vendor_id ?? ref?.account_id) === resellerId) out.push(id);
    }
    return out;
  }

  /** DELETE: refused (409, naming how many) while clients still have the package. */
  async remove(resellerId: string, planId: string): Promise<StoredPackage> {
    const cur = await this.get(resellerId, planId);
    const clients = await this.clientsOf(resellerId, planId);
    if (clients.length > 0) {
      throw errors.conflict(`package ${planId} is used by ${clients.length} client${clients.length === 1 ? '' : 's'}; remove it from them first`, {
        cause: planId,
        clients: clients.length,
      });
    }
    await this.deps.store.deletePlan(resellerId, planId);
    return cur;
  }
}
