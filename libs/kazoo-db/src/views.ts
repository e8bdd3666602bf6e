// Design documents live as files in couchdb-views/<db class>/<name>.json and are pushed at
// start. A ddoc that has not changed is not rewritten, so CouchDB does not rebuild its indexes.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Couch } from './couch';
import type { Doc } from './pvt';

/** The kinds of database a design document is meant for. */
export type DbClass = 'accounts' | 'account' | 'services' | 'tasks' | 'system_config' | 'ratedeck' | 'numbers' | 'modb' | 'token_auth';

export function viewsDir(): string {
  if (process.env.TOLLGATE_VIEWS_DIR) return process.env.TOLLGATE_VIEWS_DIR;
  let dir = __dirname;
  for (;;) {
    const candidate = join(dir, 'couchdb-views');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('couchdb-views/ not found; set TOLLGATE_VIEWS_DIR');
    dir = parent;
  }
}

const cache = new Map<DbClass, Doc[]>();

export function loadDesignDocs(cls: DbClass, dir = viewsDir()): Doc[] {
  const hit = cache.get(cls);
  if (hit) return hit;
  const classDir = join(dir, cls);
  const docs = existsSync(classDir)
    ? readdirSync(classDir)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => {
          const doc = JSON.parse(readFileSync(join(classDir, f), 'utf8')) as Doc;
          if (!doc._id?.startsWith('_design/')) throw new Error(`${cls}/${f}: _id must start with _design/`);
          return doc;
        })
    : [];
  cache.set(cls, docs);
  return docs;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([k]) => k !== '_rev')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export interface DeployResult {
  written: string[];
  unchanged: string[];
}

/** Pushes the design documents of a db class into `db`; unchanged ones are left alone. */
export async function deployDesignDocs(couch: Couch, db: string, cls: DbClass, dir?: string): Promise<DeployResult> {
  const result: DeployResult = { written: [], unchanged: [] };
  for (const ddoc of loadDesignDocs(cls, dir)) {
    const id = ddoc._id as string;
    await couch.update(db, id, (current) => {
      if (current && canonical(current) === canonical(ddoc)) {
        result.unchanged.push(id);
        return undefined;
      }
      result.written.push(id);
      return { ...ddoc };
    });
  }
  return result;
}
