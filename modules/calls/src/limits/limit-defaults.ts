// system_config `jonny5` defaults for limits an account's doc leaves out, each read once with its
// default written back (the keys are kzd_limits' names, prefixed as Kazoo 3.x/4.0's jonny5 kept them).
import { LiveSettings, type SystemConfig } from '@tollgate/config';
import { dollarsToUnits } from '@tollgate/money';
import { KAZOO_LIMIT_DEFAULTS as K, type LimitDefaults } from './limits';

const JONNY5 = 'jonny5';

export async function loadLimitDefaults(config: SystemConfig): Promise<LimitDefaults> {
  const int = (key: string, dflt: number) => config.getInteger(JONNY5, `default_${key}`, dflt);
  const bool = (key: string, dflt: boolean) => config.getBoolean(JONNY5, `default_${key}`, dflt);
  const dollars = async (key: string, dfltUnits: number) => {
    const v = await config.getNumber(JONNY5, `default_${key}`, dfltUnits / 10_000);
    return Math.abs(dollarsToUnits(String(v)));
  };
  return {
    calls: await int('calls', K.calls),
    resourceConsumingCalls: await int('resource_consuming_calls', K.resourceConsumingCalls),
    inboundTrunks: await int('inbound_trunks', K.inboundTrunks),
    outboundTrunks: await int('outbound_trunks', K.outboundTrunks),
    twowayTrunks: await int('twoway_trunks', K.twowayTrunks),
    burstTrunks: await int('burst_trunks', K.burstTrunks),
    allowPrepay: await bool('allow_prepay', K.allowPrepay),
    allowPostpay: await bool('allow_postpay', K.allowPostpay),
    maxPostpayUnits: await dollars('max_postpay_amount', K.maxPostpayUnits),
    reserveUnits: await dollars('reserve_amount', K.reserveUnits),
    softLimitInbound: await bool('soft_limit_inbound', K.softLimitInbound),
    softLimitOutbound: await bool('soft_limit_outbound', K.softLimitOutbound),
  };
}

/** The current defaults, reloaded after every change to `jonny5`. */
export function startLimitDefaults(config: SystemConfig): Promise<LiveSettings<LimitDefaults>> {
  return LiveSettings.start(config, [JONNY5], loadLimitDefaults);
}
