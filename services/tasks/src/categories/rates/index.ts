import type { TaskCategory } from '../category';
import { ratesDelete } from './rates-delete';
import { ratesExport } from './rates-export';
import { ratesImport } from './rates-import';

/** kt_rates: category `rates`, actions export / import / delete. */
export const ratesCategory: TaskCategory = {
  name: 'rates',
  actions: { export: ratesExport, import: ratesImport, delete: ratesDelete },
};
