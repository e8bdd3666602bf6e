// Who may put a new number into the system, and in which states (knm_number:state_for_create /
// allowed_creation_states). Pure.
import type { NumberState } from './number-states';

export interface CreatorFacts {
  isAdmin: boolean;
  /** The auth account is a reseller (services pvt_reseller). */
  isReseller: boolean;
  /** The auth account's pvt_wnm_allow_additions. */
  allowAdditions: boolean;
  /** The number goes to the auth account itself (not a descendant). */
  toSelf: boolean;
}

/**
 * Admins: any of available, reserved, in_service, port_in, aging. Resellers: available (their own
 * inventory), reserved, in_service. Accounts allowed additions: reserved, in_service. Others: none.
 */
export function allowedCreationStates(f: CreatorFacts): NumberState[] {
  if (f.isAdmin) return ['available', 'reserved', 'in_service', 'port_in', 'aging'];
  if (f.isReseller) return f.toSelf ? ['available', 'reserved', 'in_service'] : ['reserved', 'in_service'];
  if (f.allowAdditions) return ['reserved', 'in_service'];
  return [];
}

/** The carrier module a created number gets: inventory for `available` loads, local otherwise. */
export function creationModule(state: NumberState, requested: string | undefined, isAdmin: boolean): string {
  if (requested && isAdmin) return requested;
  return state === 'available' ? 'knm_inventory' : 'knm_local';
}

const FEATURE_KEYS: Readonly<Record<string, string>> = {
  cnam: 'cnam',
  e911: 'e911',
  dash_e911: 'e911',
  failover: 'failover',
  prepend: 'prepend',
  ringback: 'ringback',
  force_outbound: 'force_outbound',
};

/** pvt_features from the public fields that configure a feature (knm_providers). */
export function featuresFrom(publicFields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(publicFields)) {
    const feature = FEATURE_KEYS[key];
    if (feature && value !== null && value !== undefined && value !== false) out[feature] = value;
  }
  return out;
}
