import type { CrossbarModule } from '../core/types';
import { accountsModule } from './accounts';
import { apiAuthModule } from './api-auth';
import { cdrsModule } from './cdrs';
import { ledgersModule } from './ledgers';
import { packagesModule } from './packages';
import { limitsModule } from './limits';
import { allotmentsModule } from './allotments';
import { didFeesModule } from './did-fees';
import { notificationsModule } from './notifications';
import { openapiModule } from './openapi';
import { phoneNumbersModule } from './phone-numbers';
import { propertiesModule } from './properties';
import { quotasModule } from './quotas';
import { ratedeckVersionsModule } from './ratedeck-versions';
import { ratesModule } from './rates';
import { ratesNumberModule } from './rates-number';
import { reportsModule } from './reports';
import { servicePlansModule } from './service-plans';
import { servicesModule } from './services';
import { signupModule } from './signup';
import { tasksModule } from './tasks';
import { transactionsModule } from './transactions';
import { userAuthModule } from './user-auth';
import { usersModule } from './users';
import { whitelabelModule } from './whitelabel';

/** Every endpoint family crossbar serves, one module each (Kazoo's cb_<name>). */
export const allModules: CrossbarModule[] = [accountsModule, usersModule, userAuthModule, apiAuthModule, phoneNumbersModule, tasksModule, ratesModule, ratedeckVersionsModule, ratesNumberModule, servicePlansModule, servicesModule, transactionsModule, ledgersModule, cdrsModule, limitsModule, allotmentsModule, didFeesModule, propertiesModule, quotasModule, packagesModule, reportsModule, notificationsModule, whitelabelModule, signupModule, openapiModule];
