// A carrier module (knm_gen_carrier): where numbers come from and what happens when the system
// gives one back.
export interface CarrierHit {
  number: string;
  carrier_data?: Record<string, unknown>;
}

export interface Carrier {
  /** pvt_module_name, e.g. `knm_local`. */
  moduleName: string;
  /** Numbers this carrier offers under an E.164 prefix (knm_gen_carrier:find_numbers). */
  search?(prefix: string, quantity: number, offset: number): CarrierHit[];
  /** Whether the carrier can sell this number (used to activate a number found by search). */
  offers?(number: string): CarrierHit | undefined;
  /**
   * knm_gen_carrier:disconnect_number, for a released number nobody holds any more:
   * `deleted` (local numbers leave the system), `disconnected` (given back to the carrier), or
   * undefined to follow system_config (released_state / should_age).
   */
  disconnectState?: 'deleted' | 'disconnected';
}
