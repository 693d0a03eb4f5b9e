// The test run StrykerJS repeats per mutant (npm run test:mutation): the PGlite tier of the whole
// suite; `perTest` coverage makes each mutant re-run only the tests that reach it.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['./test/global-setup.ts'],
    pool: 'forks',
    include: ['test/**/*.test.ts'],
    exclude: ['test/pg/**', 'test/packaging/**', 'test/cli/**', 'test/reliability/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { ORG_SCHEMA_TEST_BACKEND: 'pglite' },
  },
});
