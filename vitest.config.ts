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
          exclude: ['test/pg/**'],
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
