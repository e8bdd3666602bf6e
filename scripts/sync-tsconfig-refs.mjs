#!/usr/bin/env node
// Writes every workspace package's tsconfig `references` from its @tollgate dependencies, and the
// root tsconfig's list of packages, so `tsc -b` builds in dependency order after a package is added
// or moved. Run after changing a package.json's @tollgate dependencies.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const groups = ['libs', 'modules', 'services'];
const singles = ['cli', 'test', 'bench'];

const dirs = [...groups.flatMap((g) => (existsSync(join(root, g)) ? readdirSync(join(root, g)).map((d) => join(g, d)) : [])), ...singles].filter((d) =>
  existsSync(join(root, d, 'package.json')),
);
const byName = new Map(dirs.map((d) => [JSON.parse(readFileSync(join(root, d, 'package.json'), 'utf8')).name, d]));

for (const dir of dirs) {
  const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
  const deps = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((n) => byName.has(n));
  const file = join(root, dir, 'tsconfig.json');
  const ts = JSON.parse(readFileSync(file, 'utf8'));
  ts.references = deps.map((n) => ({ path: relative(join(root, dir), join(root, byName.get(n))) }));
  writeFileSync(file, `${JSON.stringify(ts, null, 2)}\n`);
}
const rootTs = { files: [], references: dirs.map((d) => ({ path: `./${d}` })) };
writeFileSync(join(root, 'tsconfig.json'), `${JSON.stringify(rootTs, null, 2)}\n`);
console.log(`tsconfig references written for ${dirs.length} packages`);
