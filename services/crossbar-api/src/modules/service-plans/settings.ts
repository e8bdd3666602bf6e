// system_config `crossbar.service_plans`: each id in a change is a plan read, so a request names a
// bounded number. Read once per crossbar with its default and live through `_changes`.
import { sharedLiveSettings, type SystemConfig } from '@tollgate/config';
import type { CrossbarDeps } from '../../core/types';

export const SERVICE_PLANS_CONFIG = 'crossbar.service_plans';

export interface ServicePlansSettings {
  maxPlansPerRequest: number;
}

export async function loadServicePlansSettings(config: SystemConfig): Promise<ServicePlansSettings> {
  return { maxPlansPerRequest: Math.max(1, await config.getInteger(SERVICE_PLANS_CONFIG, 'max_plans_per_request', 50)) };
}

const live = sharedLiveSettings([SERVICE_PLANS_CONFIG], loadServicePlansSettings);

export async function servicePlansSettings(deps: CrossbarDeps): Promise<ServicePlansSettings> {
  return (await live(deps.config)).current;
}
