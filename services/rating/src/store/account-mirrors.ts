// The two small copies rating keeps beside its decks: each account's ratedeck and reseller (from
// its services doc, where the services service stores the effective ratedeck as Kazoo 4.3's
// kz_services_ratedecks does) and which accounts want the rate shown to the callee (account doc
// `caller_id_options.show_rate`, from the `accounts` db).
import { type Couch, GLOBAL_DBS } from '@tollgate/kazoo-db';
import type { AccountServices } from '../domain/choose-ratedeck';
import { DocMirror } from './doc-mirror';

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** What rating keeps of a services doc (`ratedeck.{id,name}`, `pvt_reseller_id`). */
export function projectServices(doc: Record<string, unknown>): AccountServices | undefined {
  if (doc._deleted === true) return undefined;
  const ratedeck = doc.ratedeck;
  const out: AccountServices = {};
  if (ratedeck && typeof ratedeck === 'object' && !Array.isArray(ratedeck)) {
    const r = ratedeck as Record<string, unknown>;
    const id = text(r.id);
    const name = text(r.name);
    if (id !== undefined) out.ratedeckId = id;
    if (name !== undefined) out.ratedeckName = name;
  }
  const reseller = text(doc.pvt_reseller_id);
  if (reseller !== undefined) out.resellerId = reseller;
  return out;
}

/** True for an account doc with `caller_id_options.show_rate` (kept only for those). */
export function projectShowRate(doc: Record<string, unknown>): true | undefined {
  const opts = doc.caller_id_options;
  if (!opts || typeof opts !== 'object') return undefined;
  return (opts as Record<string, unknown>).show_rate === true ? true : undefined;
}

export function servicesMirror(couch: Couch): DocMirror<AccountServices> {
  return new DocMirror({ couch, db: GLOBAL_DBS.services, project: projectServices });
}

export function showRateMirror(couch: Couch): DocMirror<true> {
  return new DocMirror({ couch, db: GLOBAL_DBS.accounts, project: projectShowRate });
}
