// The numbers of a CSV file for `tollgate numbers import`: a header row naming an `e164` (or
// `number`) column, or no header and the number in the first column. Other columns are ignored.
export interface CsvNumbers {
  numbers: string[];
  /** Line numbers (1-based) of rows without a number. */
  empty: number[];
}

function cells(line: string): string[] {
  return line.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
}

export function readNumberCsv(text: string): CsvNumbers {
  const lines = text.split(/\r?\n/);
  while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  if (lines.length === 0) return { numbers: [], empty: [] };
  const header = cells(lines[0]).map((h) => h.toLowerCase());
  let col = header.findIndex((h) => h === 'e164' || h === 'number');
  let first = 1;
  if (col < 0) {
    col = 0;
    first = 0;
  }
  const numbers: string[] = [];
  const empty: number[] = [];
  for (let i = first; i < lines.length; i++) {
    const v = cells(lines[i])[col] ?? '';
    if (v) numbers.push(v);
    else empty.push(i + 1);
  }
  return { numbers, empty };
}
