// Every task category this service runs. Adding one: a folder under categories/ and a line here.
import type { TaskCategory } from './category';
import { numberManagementCategory } from './number-management';
import { ratesCategory } from './rates';

export const categories: readonly TaskCategory[] = [ratesCategory, numberManagementCategory];
