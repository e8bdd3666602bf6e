// Writing CSV: one row -> one RFC 4180 line (quoted only when it has to be), with formula cells
// defused for spreadsheets.
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

// OWASP "CSV Injection": Excel and LibreOffice run a cell that starts with = + - @ (or tab / CR)
// as a formula, so such a cell is written with a leading ' (shown as text, not run). A plain
// number (-0.5, +1, 1e-3) or an E.164 number (+14155551234) is data, not a formula, and is left
// alone. A cell that already starts with quotes before such a character gets one more, so that
// `restoreFormulaCell` (applied by csvRows when reading) gives back exactly what was written.
const FORMULA_START = /^'*[=+\-@\t\r]/;
const DEFUSED = /^'+[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function defuseFormulaCell(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/** The inverse of defuseFormulaCell: `'=SUM(A1)` read back is `=SUM(A1)`. */
export function restoreFormulaCell(value: string): string {
  return DEFUSED.test(value) ? value.slice(1) : value;
}

export function csvCell(value: string): string {
  const cell = defuseFormulaCell(value);
  return NEEDS_QUOTES.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

export function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(',')}\n`;
}

/** kz_csv:json_to_iolist: records -> CSV text; the columns are every key, in order of first use. */
export function recordsToCsv(records: readonly Record<string, unknown>[]): string {
  const header: string[] = [];
  const seen = new Set<string>();
  for (const r of records) {
    for (const k of Object.keys(r)) {
      if (seen.has(k)) continue;
      seen.add(k);
      header.push(k);
    }
  }
  const text = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v));
  return csvLine(header) + records.map((r) => csvLine(header.map((k) => text(r[k])))).join('');
}
