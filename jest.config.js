// One jest run over the whole workspace: swc transpiles TypeScript (tsc -b type-checks),
// and @tollgate/* imports resolve to each package's src so tests need no build.
const fs = require('node:fs');
const path = require('node:path');

const moduleNameMapper = {};
for (const base of ['libs', 'modules', 'services']) {
  for (const dir of fs.readdirSync(path.join(__dirname, base))) {
    const pkg = path.join(__dirname, base, dir, 'package.json');
    if (!fs.existsSync(pkg)) continue;
    const name = JSON.parse(fs.readFileSync(pkg, 'utf8')).name;
    moduleNameMapper[`^${name}$`] = `<rootDir>/${base}/${dir}/src/index.ts`;
    // Test helpers: `@tollgate/<pkg>/testing` is the package's src/testing/index.ts.
    moduleNameMapper[`^${name}/testing$`] = `<rootDir>/${base}/${dir}/src/testing/index.ts`;
  }
}
moduleNameMapper['^@tollgate/cli$'] = '<rootDir>/cli/src/index.ts';

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/libs', '<rootDir>/modules', '<rootDir>/services', '<rootDir>/cli', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  moduleNameMapper,
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  // A timeout only ends a test that hangs; integration tests on a loaded 2-core machine (a CPU hog,
  // a platform and helpers' builds beside jest: load 12-15) needed over 30 s where they take 3 s quiet.
  testTimeout: 120_000,
  maxWorkers: 2,
  // After its last file a worker is told to end and must be gone within this time or jest reports
  // "failed to exit gracefully". Traced on a loaded 2-core machine: with no handle left, workers
  // emit 'exit' within milliseconds of that message, yet the process itself (V8 and native
  // teardown) can take longer than jest's default 500 ms to go away. A real leak (a socket, a
  // timer of seconds) still outlasts this and is still reported.
  workerGracefulExitTimeout: 5000,
};
