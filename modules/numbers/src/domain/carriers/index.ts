// The carrier modules this system knows (knm_local, knm_inventory, knm_test), by pvt_module_name.
import type { Carrier } from './carrier';
import { inventoryCarrier } from './inventory';
import { localCarrier } from './local';
import { testCarrier } from './test-carrier';

export type { Carrier } from './carrier';

const CARRIERS = new Map<string, Carrier>([localCarrier, inventoryCarrier, testCarrier].map((c) => [c.moduleName, c]));

/** The carrier module by pvt_module_name; an unknown one (another system's carrier) has no behaviour. */
export function carrierModule(moduleName: string | undefined): Carrier | undefined {
  return moduleName ? CARRIERS.get(moduleName) : undefined;
}
