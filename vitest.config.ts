import { defineConfig } from 'vitest/config';

const url = process.env.TEST_DATABASE_URL;
if (!url && process.env.REQUIRE_POSTGRES === '1') {
  throw new Error('REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set: start scripts/pg-test-cluster.sh');
}
if (!url) {
  console.log(
    '[org-schema] real-Postgres tier skipped: TEST_DATABASE_URL is not set (see README, "Test tiers")',
  );
}

const common = { testTimeout: 30_000, hookTimeout: 60_000 };

// Suites whose every test runs in a rolled-back transaction (useRollbackDb): on PGlite they run without
// per-file isolation, so a worker imports the package once and its files take turns on one PGlite
// (createTestDb's `reuse`) instead of starting one per file (≈ 2 s each).
const rollbackSuites = ['test/quorum/**/*.test.ts'];

export default defineConfig({
  test: {
    globalSetup: ['./test/global-setup.ts'],
    pool: 'forks',
    projects: [
      {
        test: {
          ...common,
          name: 'pglite',
          include: ['test/**/*.test.ts'],
          exclude: ['test/pg/**', ...rollbackSuites],
          env: { ORG_SCHEMA_TEST_BACKEND: 'pglite' },
        },
      },
      {
        test: {
          ...common,
          name: 'pglite-rollback',
          include: rollbackSuites,
          isolate: false,
          env: { ORG_SCHEMA_TEST_BACKEND: 'pglite' },
        },
      },
      ...(url
        ? [
            {
              test: {
                ...common,
                name: 'postgres',
                include: ['test/**/*.test.ts'],
                env: { ORG_SCHEMA_TEST_BACKEND: 'postgres' },
              },
            },
          ]
        : []),
    ],
  },
});
