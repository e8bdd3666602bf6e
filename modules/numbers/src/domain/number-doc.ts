// A number document as knm_phone_number:to_json writes it: `_id` is the E.164 number, everything
// the system owns is `pvt_*`, whatever the account set (cnam, e911, used_by…) is public.
import { type Doc, encodeDbName, numberDb } from '@tollgate/kazoo-db';
import type { NumberState } from './number-states';

export interface NumberDoc extends Doc {
  _id: string;
  pvt_type: 'number';
  /** Encoded numbers db, e.g. `numbers%2F%2B1415`. */
  pvt_db_name: string;
  pvt_state: NumberState;
  pvt_module_name: string;
  pvt_ported_in: boolean;
  pvt_assigned_to?: string;
  pvt_previously_assigned_to?: string;
  pvt_reserve_history?: string[];
  pvt_features?: Record<string, unknown>;
  pvt_used_by?: string;
  pvt_authorizing_account?: string;
  pvt_carrier_data?: Record<string, unknown>;
  pvt_created: number;
  pvt_modified: number;
  pvt_deleted?: boolean;
}

/** What the account-side listing says about a number. */
export interface AccountNumber {
  number: string;
  state: string;
  module_name: string;
  features: string[];
}

export function isNumberDoc(doc: Doc | undefined): doc is NumberDoc {
  return !!doc && doc.pvt_type === 'number' && typeof doc._id === 'string';
}

/** The state, reading Kazoo's legacy `pvt_number_state` too. */
export function stateOf(doc: Doc): string {
  const s = doc.pvt_state ?? doc.pvt_number_state;
  return typeof s === 'string' ? s : 'unknown';
}

/** Feature names: pvt_features is an object in 4.x, a list in older docs. */
export function featureNames(doc: Doc): string[] {
  const f = doc.pvt_features;
  if (Array.isArray(f)) return f.filter((x): x is string => typeof x === 'string');
  if (f && typeof f === 'object') return Object.keys(f);
  return [];
}

export interface NewNumber {
  number: string;
  state: NumberState;
  moduleName: string;
  assignedTo?: string;
  reserveHistory?: string[];
  authBy: string;
  portedIn?: boolean;
  publicFields?: Record<string, unknown>;
  carrierData?: Record<string, unknown>;
  now: number;
}

/** knm_phone_number:new + to_json. */
export function newNumberDoc(n: NewNumber): NumberDoc {
  const doc: NumberDoc = {
    ...(n.publicFields ?? {}),
    _id: n.number,
    pvt_type: 'number',
    pvt_db_name: encodeDbName(numberDb(n.number)),
    pvt_state: n.state,
    pvt_module_name: n.moduleName,
    pvt_ported_in: n.portedIn ?? false,
    pvt_features: {},
    pvt_reserve_history: n.reserveHistory ?? [],
    pvt_authorizing_account: n.authBy,
    pvt_created: n.now,
    pvt_modified: n.now,
    pvt_vsn: '1',
  };
  if (n.assignedTo) doc.pvt_assigned_to = n.assignedTo;
  if (n.carrierData) doc.pvt_carrier_data = n.carrierData;
  return doc;
}
