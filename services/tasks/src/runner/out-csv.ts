// out.csv: the header, then every output row the batches committed, in input order. Written to a
// temporary file first so the attachment is sent with its length and memory stays flat.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvLine, OUTPUT_CSV, type TaskStore } from '@tollgate/tasks';

function write(out: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (out.write(text)) resolve();
    else {
      out.once('drain', resolve);
      out.once('error', reject);
    }
  });
}

export async function assembleOutCsv(store: TaskStore, taskId: string, header: readonly string[]): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'tollgate-out-'));
  const file = join(dir, OUTPUT_CSV);
  try {
    const out = createWriteStream(file);
    await write(out, csvLine(header));
    for await (const part of store.outputParts(taskId)) for (const row of part.rows) await write(out, csvLine(row));
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    const { size } = await stat(file);
    await store.attach(taskId, OUTPUT_CSV, () => createReadStream(file), 'text/csv', size);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
