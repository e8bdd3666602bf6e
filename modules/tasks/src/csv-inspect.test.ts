import { Readable } from 'node:stream';
import fc from 'fast-check';
import { EMPTY_OR_UNEVEN, inspectCsv, MALFORMED } from './csv-inspect';
import { csvRows } from './csv-rows';
import { csvLine, recordsToCsv } from './csv-text';

const inspect = (text: string | Buffer[], accountId?: string) =>
  inspectCsv(Readable.from(typeof text === 'string' ? [text] : text), { mandatory: ['prefix', 'rate_cost'], accountField: accountId ? 'account_id' : undefined, accountId });

test('counts data rows and ignores unknown columns and blank lines', async () => {
  expect(await inspect('"rate_cost","description","name","prefix"\n"0.1","BRONZE","BRONZE","1503"\n\n"0.2","S","S","150"\n')).toEqual({
    header: ['rate_cost', 'description', 'name', 'prefix'],
    totalRows: 2,
    inputErrors: {},
  });
});

test("Kazoo's creation errors: missing columns, empty mandatory cells, uneven rows, bad quotes, empty file", async () => {
  expect((await inspect('prefix,description\n1,x\n')).inputErrors).toEqual({ missing_mandatory_fields: ['rate_cost'] });
  expect((await inspect('prefix,rate_cost\n1,\n2,0.1\n,0.3\n')).inputErrors).toEqual({ missing_mandatory_values: ['1,', ',0.3'] });
  expect((await inspect('prefix,rate_cost\n1,0.1,extra\n')).format?.message).toBe(EMPTY_OR_UNEVEN);
  expect((await inspect('prefix,rate_cost\n1,"0.1\n')).format?.message).toBe(MALFORMED);
  expect((await inspect('')).format?.message).toBe(EMPTY_OR_UNEVEN);
  expect((await inspect('prefix,rate_cost\n')).format?.message).toBe(EMPTY_OR_UNEVEN);
});

test("a reseller's rows may only name its own account", async () => {
  const me = 'a'.repeat(32);
  const r = await inspect(`prefix,rate_cost,account_id\n1,0.1,\n2,0.1,${me}\n3,0.1,${'b'.repeat(32)}\n`, me);
  expect(r.inputErrors).toEqual({ account_id_mismatch: [`3,0.1,${'b'.repeat(32)}`] });
});

test('rows come out whole whatever the chunking, multi-byte characters included', async () => {
  const cells = fc.array(fc.array(fc.string({ unit: 'grapheme', minLength: 1 }), { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 20 });
  await fc.assert(
    fc.asyncProperty(cells, fc.integer({ min: 1, max: 7 }), async (rows, cut) => {
      const bytes = Buffer.from(rows.map((r) => csvLine(r)).join(''));
      const chunks: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += cut) chunks.push(bytes.subarray(i, i + cut));
      const got: string[][] = [];
      for await (const row of csvRows(Readable.from(chunks))) got.push(row.cells);
      const expected = rows.filter((r) => csvLine(r) !== '\n' && !(r.length === 1 && r[0] === ''));
      return JSON.stringify(got) === JSON.stringify(expected);
    }),
    { numRuns: 50 },
  );
});

test('JSON records become CSV with every key as a column', () => {
  expect(recordsToCsv([{ prefix: 1, rate_cost: 0.1 }, { prefix: 2, rate_cost: 0.00125, direction: ['inbound'] }])).toBe('prefix,rate_cost,direction\n1,0.1,\n2,0.00125,"[""inbound""]"\n');
});
