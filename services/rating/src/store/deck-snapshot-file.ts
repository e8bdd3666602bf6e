// A ratedeck's index on local disk, so a restart reads one file and the changes since, instead of
// every rate through `_all_docs`. The file holds the index's typed-array columns as raw bytes and
// its shared-value tables as JSON, with the CouchDB update_seq the index reflects; it is checked
// on load (format, byte order, db, the db's incarnation, length, sha1) and ignored when anything
// is off, which makes the caller index the deck from CouchDB as before.
import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { endianness } from 'node:os';
import { join } from 'node:path';
import type { Seq } from '@tollgate/kazoo-db';
import type { DeckIndexColumns, DeckIndexState } from '../deck/deck-index';

const MAGIC = 'TGRS';
/** Bumped whenever the layout of the file or of DeckIndex's columns changes. */
export const SNAPSHOT_FORMAT = 1;

type ColumnName = keyof DeckIndexColumns;
const COLUMN_TYPES: Record<ColumnName, 'f64' | 'i32' | 'u32'> = {
  slotKeys: 'f64',
  slotHeads: 'i32',
  ePrefix: 'f64',
  eNext: 'i32',
  eCost: 'u32',
  eSurcharge: 'u32',
  eInternal: 'u32',
  eIncrement: 'i32',
  eMinimum: 'i32',
  eNocharge: 'i32',
  eWeight: 'i32',
  eName: 'i32',
  eDesc: 'u32',
  eRoutes: 'i32',
  eExtras: 'u32',
};
const CTORS = { f64: Float64Array, i32: Int32Array, u32: Uint32Array } as const;

/** Which deck a file belongs to: the db and the id its `_local` marker doc gave this incarnation of it. */
export interface SnapshotKey {
  db: string;
  incarnation: string;
}

interface Header {
  db: string;
  incarnation: string;
  seq: Seq;
  endianness: string;
  columns: { name: ColumnName; offset: number; bytes: number }[];
  tables: { offset: number; bytes: number };
  bodyBytes: number;
  sha1: string;
}

export interface DeckSnapshot {
  seq: Seq;
  state: DeckIndexState;
}

function fileName(key: SnapshotKey): string {
  return `${encodeURIComponent(key.db)}.${key.incarnation}.snap`;
}

const align8 = (n: number) => (n + 7) & ~7;

/** Writes the snapshot next to its final name and renames it, so a reader never sees half a file. */
export async function writeDeckSnapshot(dir: string, key: SnapshotKey, snapshot: DeckSnapshot): Promise<void> {
  const { state } = snapshot;
  const parts: Buffer[] = [];
  const columns: Header['columns'] = [];
  let offset = 0;
  for (const name of Object.keys(COLUMN_TYPES) as ColumnName[]) {
    const column = state.columns[name];
    const bytes = Buffer.from(column.buffer, column.byteOffset, column.byteLength);
    columns.push({ name, offset, bytes: bytes.length });
    parts.push(bytes);
    const padded = align8(bytes.length);
    if (padded > bytes.length) parts.push(Buffer.alloc(padded - bytes.length));
    offset += padded;
  }
  const { columns: _columns, ...rest } = state;
  const tables = Buffer.from(JSON.stringify(rest));
  parts.push(tables);
  const bodyBytes = offset + tables.length;
  const hash = createHash('sha1');
  for (const p of parts) {
    hash.update(p);
    // A column at a time, letting rate requests through in between: this runs while rating serves.
    await new Promise((resolve) => setImmediate(resolve));
  }
  const header: Header = {
    db: key.db,
    incarnation: key.incarnation,
    seq: snapshot.seq,
    endianness: endianness(),
    columns,
    tables: { offset, bytes: tables.length },
    bodyBytes,
    sha1: hash.digest('hex'),
  };
  const headerBytes = Buffer.from(JSON.stringify(header));
  const prelude = Buffer.alloc(12);
  prelude.write(MAGIC, 0, 'latin1');
  prelude.writeUInt32LE(SNAPSHOT_FORMAT, 4);
  prelude.writeUInt32LE(headerBytes.length, 8);
  const headerEnd = 12 + headerBytes.length;
  const lead = [prelude, headerBytes, Buffer.alloc(align8(headerEnd) - headerEnd)];

  await mkdir(dir, { recursive: true });
  const final = join(dir, fileName(key));
  const temp = `${final}.${process.pid}.tmp`;
  const fh = await open(temp, 'w');
  try {
    await fh.writev([...lead, ...parts]);
  } finally {
    await fh.close();
  }
  await rename(temp, final);
}

/** The snapshot of this deck incarnation, or undefined when there is none or it does not check out. */
export async function readDeckSnapshot(dir: string, key: SnapshotKey): Promise<DeckSnapshot | undefined> {
  let file: Buffer;
  try {
    file = await readFile(join(dir, fileName(key)));
  } catch {
    return undefined;
  }
  try {
    if (file.length < 12 || file.toString('latin1', 0, 4) !== MAGIC || file.readUInt32LE(4) !== SNAPSHOT_FORMAT) return undefined;
    const headerEnd = 12 + file.readUInt32LE(8);
    const header = JSON.parse(file.toString('utf8', 12, headerEnd)) as Header;
    if (header.db !== key.db || header.incarnation !== key.incarnation || header.endianness !== endianness()) return undefined;
    const bodyStart = align8(headerEnd);
    if (file.length !== bodyStart + header.bodyBytes) return undefined;
    const body = file.subarray(bodyStart);
    if (createHash('sha1').update(body).digest('hex') !== header.sha1) return undefined;
    const columns = {} as Record<ColumnName, Float64Array | Int32Array | Uint32Array>;
    for (const c of header.columns) {
      const Ctor = CTORS[COLUMN_TYPES[c.name]];
      const start = body.byteOffset + c.offset;
      // A view when the bytes are aligned for the type (readFile's buffer usually is), else a copy.
      columns[c.name] =
        start % Ctor.BYTES_PER_ELEMENT === 0
          ? new Ctor(body.buffer as ArrayBuffer, start, c.bytes / Ctor.BYTES_PER_ELEMENT)
          : new Ctor(new Uint8Array(body.subarray(c.offset, c.offset + c.bytes)).buffer);
    }
    const rest = JSON.parse(body.toString('utf8', header.tables.offset, header.tables.offset + header.tables.bytes)) as Omit<DeckIndexState, 'columns'>;
    return { seq: header.seq, state: { ...rest, columns: columns as unknown as DeckIndexColumns } };
  } catch {
    return undefined;
  }
}

/** Removes the db's snapshots, all of them or all but the one of `keep`. */
export async function removeDeckSnapshots(dir: string, db: string, keep?: string): Promise<void> {
  const prefix = `${encodeURIComponent(db)}.`;
  const names = await readdir(dir).catch(() => [] as string[]);
  const mine = names.filter((n) => n.startsWith(prefix) && /^[0-9a-f]+\.snap$/.test(n.slice(prefix.length)));
  await Promise.all(mine.filter((n) => keep === undefined || n !== fileName({ db, incarnation: keep })).map((n) => rm(join(dir, n), { force: true })));
}
