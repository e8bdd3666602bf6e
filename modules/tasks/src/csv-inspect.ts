// The checks kz_tasks:new and cb_tasks make on an uploaded CSV before a task exists: a header,
// rows as long as it, no unbalanced quotes, every mandatory column, no empty mandatory cell. Rows
// are read one at a time; only a capped sample of offending rows is kept for the error.
import type { Readable } from 'node:stream';
import { csvRows } from './csv-rows';
import { csvLine } from './csv-text';

export const EMPTY_OR_UNEVEN = 'Empty CSV or some row(s) longer than others or header missing';
export const MALFORMED = 'Malformed CSV - unable to process the file due to errors in the CSV';
const SAMPLE = 100;

export interface CsvInspectOptions {
  mandatory: readonly string[];
  /** A column that must be empty or equal to `accountId` (a reseller's own rows). */
  accountField?: string;
  accountId?: string;
  /** A column whose distinct values are collected (e.g. the ratedeck each row writes to), at most `MAX_COLLECTED`. */
  collectField?: string;
}

export const MAX_COLLECTED = 100;

export interface CsvInspection {
  header: string[];
  totalRows: number;
  /** kz_tasks errors: missing_mandatory_fields, missing_mandatory_values, account_id_mismatch. */
  inputErrors: Record<string, unknown>;
  /** The CSV itself is unusable: one of the two Kazoo messages, and where. */
  format?: { message: string; cause: string };
  /** `collectField`'s distinct trimmed values; `collectedEmpty` when some row leaves it empty (or there is no such column). */
  collected?: { values: string[]; empty: boolean; overflow: boolean };
}

export async function inspectCsv(input: Readable, opts: CsvInspectOptions): Promise<CsvInspection> {
  let header: string[] | undefined;
  let total = 0;
  let line = 0;
  const mmv: string[] = [];
  let mmvCount = 0;
  const mismatch: string[] = [];
  let mismatchCount = 0;
  let mandatoryIdx: number[] = [];
  let accountIdx = -1;
  let collectIdx = -1;
  const collected = new Set<string>();
  let collectedEmpty = false;
  let overflow = false;
  for await (const row of csvRows(input)) {
    line++;
    if (row.errors.length > 0) {
      return { header: header ?? [], totalRows: total, inputErrors: {}, format: { message: MALFORMED, cause: `line ${line}: ${row.errors[0]}` } };
    }
    if (!header) {
      header = row.cells.map((c) => c.trim());
      if (header.length === 0 || header.every((h) => h === '')) break;
      mandatoryIdx = opts.mandatory.map((m) => header!.indexOf(m)).filter((i) => i >= 0);
      accountIdx = opts.accountField ? header.indexOf(opts.accountField) : -1;
      collectIdx = opts.collectField ? header.indexOf(opts.collectField) : -1;
      continue;
    }
    if (row.cells.length !== header.length) {
      return {
        header,
        totalRows: total,
        inputErrors: {},
        format: { message: EMPTY_OR_UNEVEN, cause: `row ${total + 1} has ${row.cells.length} cells, the header has ${header.length}` },
      };
    }
    total++;
    if (mandatoryIdx.some((i) => row.cells[i].trim() === '')) {
      mmvCount++;
      if (mmv.length < SAMPLE) mmv.push(csvLine(row.cells).trimEnd());
    }
    if (opts.collectField) {
      const v = collectIdx >= 0 ? row.cells[collectIdx].trim() : '';
      if (v === '') collectedEmpty = true;
      else if (collected.size < MAX_COLLECTED) collected.add(v);
      else if (!collected.has(v)) overflow = true;
    }
    if (accountIdx >= 0 && opts.accountId !== undefined) {
      const v = row.cells[accountIdx].trim().toLowerCase();
      if (v !== '' && v !== opts.accountId) {
        mismatchCount++;
        if (mismatch.length < SAMPLE) mismatch.push(csvLine(row.cells).trimEnd());
      }
    }
  }
  if (!header || total === 0) {
    return { header: header ?? [], totalRows: 0, inputErrors: {}, format: { message: EMPTY_OR_UNEVEN, cause: header ? 'no data rows' : 'no header' } };
  }
  const inputErrors: Record<string, unknown> = {};
  const missing = opts.mandatory.filter((m) => !header!.includes(m));
  if (missing.length > 0) inputErrors.missing_mandatory_fields = missing;
  if (mmvCount > 0) {
    inputErrors.missing_mandatory_values = mmv;
    if (mmvCount > mmv.length) inputErrors.missing_mandatory_values_count = mmvCount;
  }
  if (mismatchCount > 0) {
    inputErrors.account_id_mismatch = mismatch;
    if (mismatchCount > mismatch.length) inputErrors.account_id_mismatch_count = mismatchCount;
  }
  const inspection: CsvInspection = { header, totalRows: total, inputErrors };
  if (opts.collectField) inspection.collected = { values: [...collected], empty: collectedEmpty, overflow };
  return inspection;
}
