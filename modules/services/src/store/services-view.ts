// What readers of the `services` db need of an account's services doc: its effective ratedeck
// (`ratedeck.id` / `ratedeck.name`, which this module computes from the account's plans) and its
// reseller (`pvt_reseller_id`). Held in memory from `_changes` for answers that must never wait
// (rate_req), and read now with a deadline for answers that must see a plan assigned a moment ago
// (rates/number).
import { type Couch, DocMirror, GLOBAL_DBS } from '@tollgate/kazoo-db';

export interface ServicesRatedeck {
  /** `ratedeck.id`: the deck the account's plans give it. */
  ratedeckId?: string;
  /** `ratedeck.name`. */
  ratedeckName?: string;
  /** `pvt_reseller_id`. */
  resellerId?: string;
  /** When the deck is a package's (`ratedeck.package`): the package in words, for explain. */
  ratedeckPackage?: string;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The ratedeck and reseller a services doc names; undefined for a deleted doc. */
export function servicesRatedeckOf(doc: Record<string, unknown>): ServicesRatedeck | undefined {
  if (doc._deleted === true) return undefined;
  const out: ServicesRatedeck = {};
  const ratedeck = doc.ratedeck;
  if (ratedeck && typeof ratedeck === 'object' && !Array.isArray(ratedeck)) {
    const id = text((ratedeck as Record<string, unknown>).id);
    const name = text((ratedeck as Record<string, unknown>).name);
    if (id !== undefined) out.ratedeckId = id;
    if (name !== undefined) out.ratedeckName = name;
    const pkg = (ratedeck as Record<string, unknown>).package as Record<string, unknown> | undefined;
    if (pkg && typeof pkg === 'object' && text(pkg.id) !== undefined) {
      out.ratedeckPackage = `package ${text(pkg.id)}${text(pkg.name) ? ` ("${text(pkg.name)}")` : ''} of reseller ${text(pkg.vendor_id) ?? '?'}`;
    }
  }
  const reseller = text(doc.pvt_reseller_id);
  if (reseller !== undefined) out.resellerId = reseller;
  return out;
}

export class ServicesView {
  private readonly mirror: DocMirror<ServicesRatedeck>;

  constructor(private readonly couch: Couch) {
    this.mirror = new DocMirror({ couch, db: GLOBAL_DBS.services, project: servicesRatedeckOf });
  }

  start(): Promise<void> {
    return this.mirror.start();
  }

  stop(): Promise<void> {
    return this.mirror.stop();
  }

  /** From memory, at once (what `_changes` last said; kept while CouchDB is down). */
  get(accountId: string): ServicesRatedeck | undefined {
    return this.mirror.get(accountId);
  }

  /** Read from CouchDB now; what memory holds when CouchDB does not answer within `timeoutMs`. */
  async fresh(accountId: string, timeoutMs: number): Promise<ServicesRatedeck | undefined> {
    if (timeoutMs <= 0) return this.get(accountId);
    try {
      const doc = await this.couch.getWithin(GLOBAL_DBS.services, accountId, timeoutMs);
      return doc === undefined ? undefined : servicesRatedeckOf(doc);
    } catch {
      return this.get(accountId);
    }
  }
}

/** The package an account's plans give it (its services doc's `ratedeck.package`), read now; undefined when none. */
export async function accountPackageOf(couch: Couch, accountId: string): Promise<{ id: string; name?: string; vendor_id?: string } | undefined> {
  const doc = await couch.get<Record<string, unknown>>(GLOBAL_DBS.services, accountId);
  if (!doc || doc.pvt_deleted === true) return undefined;
  const ratedeck = doc.ratedeck as Record<string, unknown> | undefined;
  const pkg = ratedeck && typeof ratedeck === 'object' ? (ratedeck.package as Record<string, unknown> | undefined) : undefined;
  const id = pkg ? text(pkg.id) : undefined;
  if (!pkg || id === undefined) return undefined;
  const name = text(pkg.name);
  const vendor = text(pkg.vendor_id);
  return { id, ...(name !== undefined ? { name } : {}), ...(vendor !== undefined ? { vendor_id: vendor } : {}) };
}
