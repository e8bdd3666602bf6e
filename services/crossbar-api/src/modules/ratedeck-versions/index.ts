// Ratedeck versions (Tollgate; Kazoo has only `rate_version` as a rate filter): a deck's versions,
// a dry run of one against the active version, activate and rollback. A version is written by a
// staged import (tasks `rates/import` with `stage=true`); activate and rollback rewrite only the
// deck's `ratedeck_versions` pointer doc, and rating follows it within its `_changes` delay. Who may:
// whoever may write the deck (@tollgate/ratedecks): an admin of the superduper_admin account any
// deck, a reseller the decks it owns.
import { errors } from '@tollgate/errors';
import { packageDecksDerivedFrom } from '@tollgate/packages';
import {
  activateRatedeckVersion,
  diffRatedeckVersion,
  isRatedeckAdmin,
  loadRatedeckVersionSettings,
  ratedeckExists,
  ratedeckIdProblem,
  ratedeckStanding,
  readRatedeckVersions,
  rollbackRatedeck,
  type SwitchOutcome,
} from '@tollgate/ratedecks';
import { requireAuth } from '../../auth';
import type { CrossbarModule, Reply, RequestContext } from '../../core/types';

const D = '/v2/ratedecks/:ratedeck_id';

function versionParam(name: string, raw: string | undefined): number {
  if (raw === undefined || !/^[0-9]{1,9}$/.test(raw)) {
    throw errors.field(name, 'type', `${name} must be a version number (a whole number >= 0), got ${JSON.stringify(raw ?? '')}`, { value: raw ?? '' });
  }
  return Number(raw);
}

/** The deck the path names, once the caller may write it; 400 for a bad id, 403 for another's deck, 404 when it does not exist. */
async function deckOf(ctx: RequestContext): Promise<string> {
  const id = ctx.params.ratedeck_id;
  const problem = ratedeckIdProblem(id);
  if (problem) throw errors.field('ratedeck_id', 'pattern', problem, { value: id });
  const auth = requireAuth(ctx);
  if (!isRatedeckAdmin(auth)) {
    // Any deck a reseller does not own is refused alike, existing or not: no one learns which decks exist.
    const standing = await ratedeckStanding(ctx.deps.couch, id);
    if (standing.kind !== 'owned' || standing.accountId !== auth.accountId) {
      throw errors.forbidden(`ratedeck ${id} is not one of your account's ratedecks: a reseller manages the versions of its own ratedecks only`, id);
    }
  }
  if (!(await ratedeckExists(ctx.deps.couch, id))) throw errors.notFound(`ratedeck ${id} does not exist`);
  return id;
}

async function listVersions(ctx: RequestContext): Promise<Reply> {
  const id = await deckOf(ctx);
  const { _rev, ...doc } = await readRatedeckVersions(ctx.deps.couch, id);
  return { data: doc, ...(typeof _rev === 'string' ? { revision: _rev } : {}) };
}

async function diffVersion(ctx: RequestContext): Promise<Reply> {
  const version = versionParam('version', ctx.params.version);
  const against = ctx.query.against === undefined || ctx.query.against === '' ? undefined : versionParam('against', ctx.query.against);
  const id = await deckOf(ctx);
  const settings = await loadRatedeckVersionSettings(ctx.deps.config);
  return { data: await diffRatedeckVersion(ctx.deps.couch, id, version, { sampleSize: settings.sampleSize, priceMoveFactor: settings.priceMoveFactor }, against) };
}

async function switchReply(ctx: RequestContext, id: string, outcome: SwitchOutcome): Promise<Reply> {
  const { _rev, ...versions } = outcome.versions;
  // Package decks derived from this deck follow the switch by a rebuild from the new active version
  // at the packages' next scan (modules/packages): not atomically, so they are named here.
  const derived = await packageDecksDerivedFrom(ctx.deps.couch, id).catch(() => []);
  return { data: { ...versions, dropped_versions: outcome.dropped, derived_ratedecks: derived } };
}

async function activate(ctx: RequestContext): Promise<Reply> {
  const version = versionParam('version', ctx.params.version);
  const id = await deckOf(ctx);
  const current = await readRatedeckVersions(ctx.deps.couch, id);
  const entry = current.versions.find((v) => v.version === version);
  if (entry && version > 0 && !(await ctx.deps.couch.dbExists(entry.db))) throw errors.conflict(`version ${version} of ratedeck ${id} has no db ${entry.db}`, { cause: id });
  return switchReply(ctx, id, await activateRatedeckVersion(ctx.deps, id, version));
}

async function rollback(ctx: RequestContext): Promise<Reply> {
  const id = await deckOf(ctx);
  return switchReply(ctx, id, await rollbackRatedeck(ctx.deps, id));
}

export const ratedeckVersionsModule: CrossbarModule = {
  name: 'ratedeck_versions',
  routes: () => [
    { method: 'GET', path: `${D}/versions`, doc: { summary: "a ratedeck's versions: its ratedeck_versions pointer (active, previous, each version)" }, handler: listVersions },
    {
      method: 'GET',
      path: `${D}/versions/:version/diff`,
      doc: {
        summary: 'dry run: what activating a version would change against the active one (added, removed, changed rates with counts and samples, price moves flagged)',
        query: { against: 'compare with this version instead of the active one' },
      },
      handler: diffVersion,
    },
    { method: 'POST', path: `${D}/versions/:version/activate`, doc: { summary: 'make a staged version the one rating uses (rewrites the pointer only)' }, handler: activate },
    { method: 'POST', path: `${D}/rollback`, doc: { summary: 'make the previous version the one rating uses again' }, handler: rollback },
  ],
};
