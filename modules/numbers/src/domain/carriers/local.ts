// knm_local: numbers added by hand to one account; they leave the system when released.
import type { Carrier } from './carrier';

export const localCarrier: Carrier = { moduleName: 'knm_local', disconnectState: 'deleted' };
