import { INPUT_CSV, OUTPUT_CSV, type TaskDoc } from './task-doc';

/** cb_tasks download_filename: `<category>_<action>_<id>_out.csv` / `_in.csv`; other names as they are. */
export function downloadName(doc: TaskDoc, attachment: string): string {
  if (attachment === OUTPUT_CSV) return `${doc.pvt_category}_${doc.pvt_action}_${doc._id}_out.csv`;
  if (attachment === INPUT_CSV) return `${doc.pvt_category}_${doc.pvt_action}_${doc._id}_in.csv`;
  return attachment;
}
