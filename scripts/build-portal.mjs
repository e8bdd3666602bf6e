#!/usr/bin/env node
// The workspace build's second step (after `tsc -b`): type-checks and bundles the reseller portal
// (apps/portal) into apps/portal/dist, which crossbar serves at /portal/. Run through the installed
// binaries, so it needs no pnpm on PATH (npm start keeps pnpm in .tools/).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const app = join(root, 'apps', 'portal');

function run(bin, args) {
  if (!existsSync(bin)) {
    console.error(`build-portal: ${bin} is missing; run pnpm install`);
    process.exit(1);
  }
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: app, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

run(join(root, 'node_modules', 'typescript', 'bin', 'tsc'), ['-p', 'tsconfig.json']);
run(join(app, 'node_modules', 'vite', 'bin', 'vite.js'), ['build', '--logLevel', 'warn']);
