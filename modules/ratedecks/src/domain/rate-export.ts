// A stored rate -> the cells of an export row (kt_rates to_csv_row), numbers in their exact text.
import type { RateDoc } from './rate-doc';
import { RATE_DOC_FIELDS } from './rate-fields';

function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.length === 1 && typeof value[0] === 'string' ? value[0] : JSON.stringify(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function rateToCsvCells(doc: RateDoc | Record<string, unknown>): string[] {
  return RATE_DOC_FIELDS.map((f) => {
    if (f === 'internal_rate_cost') return cell(doc.pvt_internal_rate_cost ?? doc.pvt_rate_cost);
    if (f === 'direction' && Array.isArray(doc.direction)) return doc.direction.join(';');
    if (f === 'options' && Array.isArray(doc.options)) return doc.options.join(';');
    if (f === 'routes' && Array.isArray(doc.routes)) return JSON.stringify(doc.routes);
    if (f === 'caller_id_numbers' && Array.isArray(doc.caller_id_numbers)) {
      return doc.caller_id_numbers.map((r) => String(r).replace(/^\^\\\+\?/, '').replace(/\.\+\$$/, '')).join(':');
    }
    return cell(doc[f]);
  });
}
