#!/usr/bin/env node
// Entry point of `npm start` and `npm test` on a machine that has only Node and npm:
// gets pnpm (corepack cannot fetch it here), installs, builds, then starts or tests.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
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

/** Every TypeScript source path of the workspace packages (not their contents). */
function sourcePaths() {
  const out = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name === 'dist') continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) out.push(p.slice(root.length));
    }
  };
  for (const top of ['libs', 'modules', 'services', 'cli', 'test', 'bench']) if (existsSync(join(root, top))) walk(join(root, top));
  return out.sort();
}

/**
 * tsc -b never deletes the output of a source file that was moved or removed, and Node would still
 * load such a stale `dist/x.js` before a new `dist/x/index.js`. When the set of source files changed
 * since the last build, every package's output is removed first so the build starts clean.
 */
function dropStaleBuilds() {
  const stamp = join(root, 'node_modules', '.tollgate-sources');
  const want = createHash('sha256').update(sourcePaths().join('\n')).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return;
  for (const top of ['libs', 'modules', 'services']) {
    if (!existsSync(join(root, top))) continue;
    for (const pkg of readdirSync(join(root, top))) cleanPackage(join(root, top, pkg));
  }
  for (const single of ['cli', 'test', 'bench']) cleanPackage(join(root, single));
  writeFileSync(stamp, want);
}

function cleanPackage(dir) {
  rmSync(join(dir, 'dist'), { recursive: true, force: true });
  rmSync(join(dir, 'tsconfig.tsbuildinfo'), { force: true });
}

/**
 * The portal's browser test (test/portal-e2e.test.ts) drives Debian's chromium: browser downloads
 * are not possible here, so `npm test` installs the package with apt-get when it is missing and
 * this runs as root. Without it the test fails and says so.
 */
function ensureChromium() {
  if (existsSync('/usr/bin/chromium') || process.env.TOLLGATE_CHROMIUM) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status !== 0) {
    console.warn('tollgate: /usr/bin/chromium is missing (apt-get install chromium); the portal browser test will fail');
    return;
  }
  console.log('tollgate: installing Debian chromium for the portal browser test (one time)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
  const r = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env });
  if (r.status !== 0) console.warn('tollgate: apt-get install chromium failed; the portal browser test will fail');
}

const verb = process.argv[2];
const pnpm = pnpmBin();
ensureInstalled(pnpm);
dropStaleBuilds();
run(pnpm, ['run', 'build']);
if (verb === 'start') {
  run(process.execPath, [join(root, 'cli', 'dist', 'index.js'), 'up', ...process.argv.slice(3)]);
} else if (verb === 'test') {
  run(pnpm, ['exec', 'biome', 'check', '.']);
  ensureChromium();
  run(pnpm, ['exec', 'jest', ...process.argv.slice(3)]);
} else {
  console.error('usage: bootstrap.mjs start|test');
  process.exit(2);
}
