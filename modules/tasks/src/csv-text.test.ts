import { Readable } from 'node:stream';
import fc from 'fast-check';
import { csvRows } from './csv-rows';
import { csvLine, defuseFormulaCell, restoreFormulaCell } from './csv-text';

test('cells a spreadsheet would run as formulas are written with a leading quote', () => {
  expect(csvLine(['=HYPERLINK("http://evil","x")', '@SUM(A1)', '+cmd|x', '-2+3', '\t=1', 'plain'])).toBe(`"'=HYPERLINK(""http://evil"",""x"")",'@SUM(A1),'+cmd|x,'-2+3,'\t=1,plain\n`);
});

test('numbers stay numbers: negative costs, signed exponents and E.164 numbers are not touched', () => {
  for (const n of ['-0.5', '+1', '-1e-3', '+14155551234', '-.25', '0.00125']) expect(csvLine([n])).toBe(`${n}\n`);
});

test('reading undoes writing for any cell (a quote already there gets one more)', () => {
  expect(restoreFormulaCell(defuseFormulaCell("'=x"))).toBe("'=x");
  expect(defuseFormulaCell("'=x")).toBe("''=x");
  fc.assert(
    fc.property(fc.string(), (s) => restoreFormulaCell(defuseFormulaCell(s)) === s),
    { numRuns: 500 },
  );
  fc.assert(
    fc.property(fc.constantFrom('=', '+', '-', '@', "'", '1', 'a'), fc.string(), (c, rest) => !/^[=+\-@\t\r]/.test(defuseFormulaCell(c + rest)) || /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(c + rest)),
    { numRuns: 500 },
  );
});

test('csvRows gives back the cells csvLine wrote, formula-like ones included', async () => {
  const rows = [
    ['name', 'rate_cost', 'prefix'],
    ['=1+1', '-0.5', '+1415'],
    ["'@x", '0.1', '1'],
  ];
  const got: string[][] = [];
  for await (const row of csvRows(Readable.from([rows.map((r) => csvLine(r)).join('')]))) got.push(row.cells);
  expect(got).toEqual(rows);
});
