import type { TaskCategory } from '../category';
import { numberAssign } from './number-assign';
import { numberImport } from './number-import';
import { numberList } from './number-list';

/** kt_numbers: category `number_management`, actions import / assign_to / list. */
export const numberManagementCategory: TaskCategory = {
  name: 'number_management',
  actions: { import: numberImport, assign_to: numberAssign, list: numberList },
};
