// The CDR doc as it is stored (the cdr app's shape: CHANNEL_DESTROY's fields normalized to
// lower_snake keys, `_id` `YYYYMM-<call id>` in the account's MODB), and Tollgate's private money
// key beside Kazoo's fields. Only the fields the reads look at are typed.

/** What the call cost and earned, in units; written by the charging of the finished call. */
export interface CdrBilling {
  /** What the account was charged (its per-minute debit). */
  sell: number;
  /** What the account's reseller pays for the call, priced on the reseller's own deck (none without a reseller). */
  cost?: number;
  /** sell − cost. */
  profit?: number;
  /** The reseller `cost` is the price for. */
  reseller_id?: string;
  /** Where the sell rate came from (`rating` exact decimals, or the channel's `ccv` units). */
  rate_source?: string;
}

export interface CdrDoc extends Record<string, unknown> {
  _id: string;
  _rev?: string;
  pvt_type: 'cdr';
  pvt_created?: number;
  pvt_deleted?: boolean;
  call_id?: string;
  caller_id_number?: string;
  caller_id_name?: string;
  callee_id_number?: string;
  callee_id_name?: string;
  duration_seconds?: number;
  billing_seconds?: number;
  /** Gregorian seconds when the leg ended. */
  timestamp?: number;
  hangup_cause?: string;
  disposition?: string;
  other_leg_call_id?: string;
  to?: string;
  from?: string;
  from_uri?: string;
  call_direction?: string;
  request?: string;
  media_server?: string;
  interaction_id?: string;
  recording_url?: string;
  custom_channel_vars?: Record<string, unknown>;
  pvt_tollgate_billing?: CdrBilling;
}
