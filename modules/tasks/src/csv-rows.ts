// Streaming CSV reading with papaparse: rows come one at a time with their parse errors, and the
// source is paused while the consumer is busy, so a million-row file never sits in memory.
import type { Readable } from 'node:stream';
import Papa from 'papaparse';
import { restoreFormulaCell } from './csv-text';

export interface CsvRow {
  cells: string[];
  /** papaparse's complaints about this row (unbalanced quotes, ...). */
  errors: string[];
}

const HIGH_WATER = 2000;
const LOW_WATER = 500;

/**
 * Every non-empty line of a CSV stream as cells, header included, each with the ' that csvCell
 * put before a formula-like value removed. Stop early by breaking out.
 */
export async function* csvRows(input: Readable): AsyncGenerator<CsvRow> {
  input.setEncoding('utf8');
  const queue: CsvRow[] = [];
  let head = 0;
  let done = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  let parser: Papa.Parser | undefined;
  let paused = false;
  let first = true;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  input.once('error', (err) => {
    failure = err;
    notify();
  });
  Papa.parse<string[]>(input, {
    delimiter: ',',
    skipEmptyLines: true,
    step(results, p) {
      parser = p;
      // Cells written by csvCell (an exported ratedeck, an out.csv) come back as they were stored.
      const cells = results.data.map(restoreFormulaCell);
      if (first) {
        first = false;
        if (cells.length > 0 && cells[0].charCodeAt(0) === 0xfeff) cells[0] = cells[0].slice(1);
      }
      queue.push({ cells, errors: results.errors.map((e) => e.message) });
      if (queue.length - head >= HIGH_WATER && !paused) {
        paused = true;
        p.pause();
        // papaparse only stops parsing; stop the source too so unread chunks do not pile up.
        input.pause();
      }
      notify();
    },
    complete() {
      done = true;
      notify();
    },
    error(err) {
      failure = err;
      notify();
    },
  });
  try {
    for (;;) {
      if (head < queue.length) {
        const row = queue[head++];
        if (head > 4096) {
          queue.splice(0, head);
          head = 0;
        }
        if (paused && queue.length - head <= LOW_WATER) {
          paused = false;
          input.resume();
          parser?.resume();
        }
        yield row;
        continue;
      }
      if (failure) throw failure;
      if (done) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    if (!done) {
      parser?.abort();
      input.destroy();
    }
  }
}
