#!/usr/bin/env node
// Entry point of `npm start` and `npm test` on a machine that has only Node and npm:
// gets pnpm (corepack cannot fetch it here), installs, builds, then starts or tests.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PNPM_VERSION = '12.21.0';
const toolsDir = join(root, '.tools');

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    console.error(`tollgate: '${cmd} ${args.join(' ')}' failed (exit ${r.status})`);
    process.exit(r.status ?? 1);
  }
}

function pnpmBin() {
  const local = join(toolsDir, 'node_modules', '.bin', 'pnpm');
  if (existsSync(local)) return local;
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  if (probe.status === 0 && probe.stdout.trim() === PNPM_VERSION) return 'pnpm';
  console.log(`tollgate: installing pnpm ${PNPM_VERSION} into .tools/ (one time)`);
  mkdirSync(toolsDir, { recursive: true });
  run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', toolsDir, `pnpm@${PNPM_VERSION}`]);
  return local;
}

function digest(files) {
  const h = createHash('sha256');
  for (const f of files) if (existsSync(join(root, f))) h.update(readFileSync(join(root, f)));
  return h.digest('hex');
}

function ensureInstalled(pnpm) {
  const stamp = join(root, 'node_modules', '.tollgate-install');
  const want = digest(['pnpm-lock.yaml', 'pnpm-workspace.yaml', 'package.json']);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return;
  const frozen = existsSync(join(root, 'pnpm-lock.yaml')) ? ['--frozen-lockfile'] : [];
  run(pnpm, ['install', ...frozen]);
  writeFileSync(stamp, want);
}

const verb = process.argv[2];
const pnpm = pnpmBin();
ensureInstalled(pnpm);
run(pnpm, ['run', 'build']);
if (verb === 'start') {
  run(process.execPath, [join(root, 'cli', 'dist', 'index.js'), 'up', ...process.argv.slice(3)]);
} else if (verb === 'test') {
  run(pnpm, ['exec', 'biome', 'check', '.']);
  run(pnpm, ['exec', 'jest', ...process.argv.slice(3)]);
} else {
  console.error('usage: bootstrap.mjs start|test');
  process.exit(2);
}
