import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { PgDialect, PgSession } from 'drizzle-orm/pg-core';
import { type Database, rowsOf } from './db';
import { migrationSets, type SystemName } from './systems';

export interface MigrateOptions {
  /** Only these systems (the foundation set is always applied first). Default: every system. */
  systems?: readonly SystemName[];
  /** Where the migration folders are. Default: the `drizzle/` folder shipped with the package. */
  migrationsFolder?: string;
}

export interface MigrateResult {
  /** Migrations applied now, per migration set. All zeros means the database was already current. */
  applied: Record<string, number>;
  total: number;
}

/** The package root's drizzle/ folder, found from this module's location (src/ or dist/). */
export function defaultMigrationsFolder(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'drizzle');
    if (existsSync(join(candidate, 'foundation', 'meta', '_journal.json'))) return candidate;
    dir = resolve(dir, '..');
  }
  throw new Error('@org/schema: cannot find the drizzle/ migrations folder next to the package');
}

const trackingTable = (set: string) => `__drizzle_migrations_${set}`;

async function appliedCount(db: Database, set: string): Promise<number> {
  const exists = rowsOf<{ t: string | null }>(
    await db.execute(sql`select to_regclass(${`drizzle.${trackingTable(set)}`})::text as t`),
  );
  if (!exists[0]?.t) return 0;
  const rows = rowsOf<{ n: number | string }>(
    await db.execute(sql.raw(`select count(*)::int as n from drizzle."${trackingTable(set)}"`)),
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * Applies the package's migrations (foundation first, then each system) to any drizzle PostgreSQL
 * database. Each set has its own tracking table in the `drizzle` schema; applying twice is a no-op.
 */
export async function migrate(db: Database, options: MigrateOptions = {}): Promise<MigrateResult> {
  const folder = options.migrationsFolder ?? defaultMigrationsFolder();
  const wanted = options.systems ? new Set<string>(['foundation', ...options.systems]) : undefined;
  const applied: Record<string, number> = {};
  let total = 0;
  // drizzle's own migrators only differ in how they reach the dialect and session; use them directly
  // so that one function serves PGlite, postgres.js and node-postgres.
  const internals = db as unknown as { dialect: PgDialect; session: PgSession };
  for (const set of migrationSets) {
    if (wanted && !wanted.has(set.name)) continue;
    const config = {
      migrationsFolder: join(folder, set.name),
      migrationsTable: trackingTable(set.name),
      migrationsSchema: 'drizzle',
    };
    const migrations = readMigrationFiles(config);
    const before = await appliedCount(db, set.name);
    await internals.dialect.migrate(migrations, internals.session, config);
    const after = await appliedCount(db, set.name);
    applied[set.name] = after - before;
    total += after - before;
  }
  return { applied, total };
}
