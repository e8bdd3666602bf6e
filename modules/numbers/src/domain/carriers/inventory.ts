// knm_inventory (the "manual" carrier): numbers loaded by an admin or a reseller, `available`
// for that account's tree; released ones go back to the inventory (see lifecycle planRelease).
import type { Carrier } from './carrier';

export const inventoryCarrier: Carrier = { moduleName: 'knm_inventory' };
