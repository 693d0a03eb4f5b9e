// The test run StrykerJS repeats per mutant (npm run test:mutation): the PGlite tier of the
// suite; `perTest` coverage makes each mutant re-run only the tests that reach it.
// MUTATION_TESTS (comma-separated globs) narrows the suite for a one-module run; see docs/mutation.md.
import { defineConfig } from 'vitest/config';

const only = process.env.MUTATION_TESTS?.split(',').filter(Boolean);

export default defineConfig({
  test: {
    globalSetup: ['./test/global-setup.ts'],
    pool: 'forks',
    // One module graph per runner: the PGlite template is loaded once and each test file only
    // clones it, instead of re-reading the template for every file of every mutant.
    isolate: false,
    include: only?.length ? only : ['test/**/*.test.ts'],
    exclude: ['test/pg/**', 'test/packaging/**', 'test/cli/**', 'test/reliability/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { ORG_SCHEMA_TEST_BACKEND: 'pglite' },
  },
});
