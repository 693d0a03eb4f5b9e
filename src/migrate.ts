import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
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

/**
 * Key of the transaction-level advisory lock that serialises migrate() across processes: app
 * instances starting at once on a fresh database would otherwise race on `CREATE SCHEMA` (23505 on
 * pg_namespace). The value is the ASCII of "orgschm", fixed so that every version of the package agrees.
 */
export const MIGRATE_LOCK_KEY = 0x6f7267736368_6dn;

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/** `created_at` of the set's last applied migration; undefined when none (or no tracking table yet). */
async function lastApplied(tx: Tx, set: string): Promise<number | undefined> {
  const table = trackingTable(set);
  const exists = rowsOf<{ t: string | null }>(
    await tx.execute(sql`select to_regclass(${`drizzle.${table}`})::text as t`),
  );
  if (!exists[0]?.t) {
    // Created only when missing, so an up-to-date database logs no "already exists, skipping" notices.
    const schema = rowsOf<{ s: string | null }>(
      await tx.execute(sql`select to_regnamespace('drizzle')::text as s`),
    );
    if (!schema[0]?.s) await tx.execute(sql`create schema "drizzle"`);
    // The same table drizzle-orm's own migrator keeps, so either can take over from the other.
    await tx.execute(
      sql.raw(
        `create table drizzle."${table}" (id serial primary key, hash text not null, created_at bigint)`,
      ),
    );
    return undefined;
  }
  const rows = rowsOf<{ created_at: string | number | null }>(
    await tx.execute(sql.raw(`select created_at from drizzle."${table}" order by created_at desc limit 1`)),
  );
  return rows[0]?.created_at == null ? undefined : Number(rows[0].created_at);
}

/**
 * Applies the package's migrations (foundation first, then each system) to any drizzle PostgreSQL
 * database. Each set has its own tracking table in the `drizzle` schema (drizzle-orm's format);
 * applying twice is a no-op. Everything runs in one transaction under an advisory lock: several
 * app instances may call it at start-up at once — one applies, the others wait and find nothing to
 * do — and a failing migration leaves the database as it was.
 */
export async function migrate(db: Database, options: MigrateOptions = {}): Promise<MigrateResult> {
  const folder = options.migrationsFolder ?? defaultMigrationsFolder();
  const wanted = options.systems ? new Set<string>(['foundation', ...options.systems]) : undefined;
  const sets = migrationSets
    .filter((set) => !wanted || wanted.has(set.name))
    .map((set) => ({
      name: set.name,
      migrations: readMigrationFiles({ migrationsFolder: join(folder, set.name) }),
    }));
  return db.transaction(async (tx) => {
    await tx.execute(sql.raw(`select pg_advisory_xact_lock(${MIGRATE_LOCK_KEY})`));
    const applied: Record<string, number> = {};
    let total = 0;
    for (const set of sets) {
      const last = await lastApplied(tx, set.name);
      // drizzle-orm's rule: a migration is pending when it is newer than the last one applied.
      const pending = set.migrations.filter((m) => last === undefined || last < m.folderMillis);
      for (const m of pending) {
        for (const statement of m.sql) if (statement.trim()) await tx.execute(sql.raw(statement));
        await tx.execute(
          sql`insert into ${sql.identifier('drizzle')}.${sql.identifier(trackingTable(set.name))} (hash, created_at) values (${m.hash}, ${m.folderMillis})`,
        );
      }
      applied[set.name] = pending.length;
      total += pending.length;
    }
    return { applied, total };
  });
}
