import type { CrossbarModule } from '../core/types';

/** Every endpoint family crossbar serves, one module each (Kazoo's cb_<name>). */
export const allModules: CrossbarModule[] = [];
