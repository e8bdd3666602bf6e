// number_management/list (kt_numbers list): the numbers the task's account holds, as CSV.
import { accountNumberDocs, featureNames, stateOf } from '@tollgate/numbers';
import type { NoInputAction } from '../category';

const LIST_HEADER = ['e164', 'account_id', 'previously_assigned_to', 'state', 'created', 'modified', 'used_by', 'ported_in', 'carrier_module', 'features'];

export const numberList: NoInputAction = {
  kind: 'noinput',
  help: { description: 'List consumed numbers', doc: "Lists the numbers held by the task's account (reserved, in service, porting in).", expected_content: 'none' },
  policy: { allowed: 'account' },
  outputHeader: LIST_HEADER,
  async nextPage(ctx) {
    const docs = await accountNumberDocs(ctx.couch, ctx.task.pvt_account_id);
    const rows = docs.map((d) => [
      d._id,
      d.pvt_assigned_to ?? '',
      d.pvt_previously_assigned_to ?? '',
      stateOf(d),
      String(d.pvt_created ?? ''),
      String(d.pvt_modified ?? ''),
      d.pvt_used_by ?? '',
      String(d.pvt_ported_in === true),
      d.pvt_module_name ?? '',
      featureNames(d).join(' '),
    ]);
    return { rows, more: false };
  },
};
