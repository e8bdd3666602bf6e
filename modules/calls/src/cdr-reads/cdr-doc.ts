// A stored CDR (../cdr/cdr-doc.ts: the cdr app's shape, its money under `pvt_tollgate_billing`) as
// the reads look at it: the fields Kazoo's CDR columns take, typed.
import type { CdrDoc } from '../cdr/cdr-doc';

export interface StoredCdr extends CdrDoc {
  _rev?: string;
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
}
