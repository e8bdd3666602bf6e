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
const SNAPSHOT_FORMAT = 1;

type ColumnName = keyof DeckIndexColumns;
/** Each column's array type; the order is the order of the columns in the file. */
const COLUMN_CTORS = {
  slotKeys: Float64Array,
  slotHeads: Int32Array,
  ePrefix: Float64Array,
  eNext: Int32Array,
  eCost: Uint32Array,
  eSurcharge: Uint32Array,
  eInternal: Uint32Array,
  eIncrement: Int32Array,
  eMinimum: Int32Array,
  eNocharge: Int32Array,
  eWeight: Int32Array,
  eName: Int32Array,
  eDesc: Uint32Array,
  eRoutes: Int32Array,
  eExtras: Uint32Array,
} as const;

interface ColumnCtor<T> {
  new (buffer: ArrayBuffer, byteOffset?: number, length?: number): T;
  readonly BYTES_PER_ELEMENT: number;
}

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
  for (const name of Object.keys(COLUMN_CTORS) as ColumnName[]) {
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

/** The body's columns, each a view of the file's bytes when they are aligned for its type (readFile's buffer usually is), else a copy; throws when one is missing. */
function readColumns(body: Buffer, placed: Header['columns']): DeckIndexColumns {
  const at = new Map(placed.map((c) => [c.name, c]));
  const column = <T>(name: ColumnName, Ctor: ColumnCtor<T>): T => {
    const c = at.get(name);
    if (!c) throw new Error(`snapshot column ${name} is missing`);
    const start = body.byteOffset + c.offset;
    return start % Ctor.BYTES_PER_ELEMENT === 0
      ? new Ctor(body.buffer as ArrayBuffer, start, c.bytes / Ctor.BYTES_PER_ELEMENT)
      : new Ctor(new Uint8Array(body.subarray(c.offset, c.offset + c.bytes)).buffer);
  };
  const k = COLUMN_CTORS;
  return {
    slotKeys: column('slotKeys', k.slotKeys),
    slotHeads: column('slotHeads', k.slotHeads),
    ePrefix: column('ePrefix', k.ePrefix),
    eNext: column('eNext', k.eNext),
    eCost: column('eCost', k.eCost),
    eSurcharge: column('eSurcharge', k.eSurcharge),
    eInternal: column('eInternal', k.eInternal),
    eIncrement: column('eIncrement', k.eIncrement),
    eMinimum: column('eMinimum', k.eMinimum),
    eNocharge: column('eNocharge', k.eNocharge),
    eWeight: column('eWeight', k.eWeight),
    eName: column('eName', k.eName),
    eDesc: column('eDesc', k.eDesc),
    eRoutes: column('eRoutes', k.eRoutes),
    eExtras: column('eExtras', k.eExtras),
  };
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
    const rest = JSON.parse(body.toString('utf8', header.tables.offset, header.tables.offset + header.tables.bytes)) as Omit<DeckIndexState, 'columns'>;
    return { seq: header.seq, state: { ...rest, columns: readColumns(body, header.columns) } };
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
