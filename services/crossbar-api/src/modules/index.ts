import type { CrossbarModule } from '../core/types';
import { phoneNumbersModule } from './phone-numbers';
import { ratesModule } from './rates';
import { tasksModule } from './tasks';

/** Every endpoint family crossbar serves, one module each (Kazoo's cb_<name>). */
export const allModules: CrossbarModule[] = [phoneNumbersModule, tasksModule, ratesModule];
