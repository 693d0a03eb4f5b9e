import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { createTestDb, type RollbackTestDb, type TestDb, useRollbackTestDb } from '../src/testing';

export const backend = (process.env.ORG_SCHEMA_TEST_BACKEND ?? 'pglite') as 'pglite' | 'postgres';

/** One migrated database for the whole test file, closed after it. */
export function useTestDb(options: { max?: number } = {}): () => TestDb {
  let t: TestDb | undefined;
  beforeAll(async () => {
    t = await createTestDb(options);
  });
  afterAll(async () => {
    await t?.close();
  });
  return () => {
    if (!t) throw new Error('test database not ready');
    return t;
  };
}

/**
 * One migrated database for the file (or describe), each test inside a transaction rolled back after
 * it: tests start from the pristine database for ~1 ms. Files that use it belong in vitest.config.ts's
 * `rollbackSuites`, which run several files per process and share their PGlite. Not for tests that need commits or several
 * connections (see RollbackTestDb in src/testing).
 */
export function useRollbackDb(): () => RollbackTestDb {
  // reuse: under vitest's isolate: false (the pglite-rollback project), files share one PGlite.
  return useRollbackTestDb({ beforeAll, afterAll, beforeEach, afterEach }, { reuse: true });
}

/** Expects a promise to reject with a PostgreSQL error of this SQLSTATE (looking through drizzle's wrapping). */
export async function expectPgError(
  promise: Promise<unknown>,
  code: string,
  constraint?: string,
): Promise<void> {
  let error: unknown;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  if (!error) throw new Error(`expected PostgreSQL error ${code}, but the statement succeeded`);
  const { pgConstraint, pgErrorCode } = await import('../src/db');
  const actual = pgErrorCode(error);
  if (actual !== code) throw new Error(`expected SQLSTATE ${code}, got ${actual}: ${String(error)}`);
  if (constraint && pgConstraint(error) !== constraint) {
    throw new Error(`expected constraint ${constraint}, got ${pgConstraint(error)}`);
  }
}
