import type { Carrier } from './carrier';
import { inventoryCarrier } from './inventory';
import { localCarrier } from './local';
import { testCarrier } from './test-carrier';

export type { Carrier, CarrierHit } from './carrier';
export { TEST_CARRIER_NPAS, testCarrier } from './test-carrier';

const CARRIERS = new Map<string, Carrier>([localCarrier, inventoryCarrier, testCarrier].map((c) => [c.moduleName, c]));

/** The carrier module by pvt_module_name; an unknown one (another system's carrier) has no behaviour. */
export function carrierModule(moduleName: string | undefined): Carrier | undefined {
  return moduleName ? CARRIERS.get(moduleName) : undefined;
}

export function knownCarrierModules(): string[] {
  return [...CARRIERS.keys()];
}
