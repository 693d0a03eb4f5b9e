import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { type Database, rowsOf } from '../db';
import { defaultMigrationsFolder } from '../migrate';
import { managedPgSchemas, migrationSets } from '../systems';

export interface SetStatus {
  set: string;
  applied: string[];
  pending: string[];
}

export interface TableCount {
  schema: string;
  table: string;
  rows: number;
}

export interface DatabaseStatus {
  migrations: SetStatus[];
  pendingTotal: number;
  tables: TableCount[];
  extensions: { name: string; version: string }[];
}

export const requiredExtensions = ['vector', 'citext', 'pgcrypto'] as const;

interface JournalEntry {
  tag: string;
  when: number;
}

function journal(folder: string, set: string): JournalEntry[] {
  const file = join(folder, set, 'meta', '_journal.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { entries: JournalEntry[] }).entries;
}

/**
 * Applied vs pending per migration set, the way drizzle's migrator decides: an entry is applied when
 * its folder timestamp is not newer than the last `created_at` in the set's tracking table.
 */
export async function migrationStatus(
  db: Database,
  folder = defaultMigrationsFolder(),
): Promise<SetStatus[]> {
  const result: SetStatus[] = [];
  for (const { name } of migrationSets) {
    const entries = journal(folder, name);
    const table = `drizzle.__drizzle_migrations_${name}`;
    const exists = rowsOf<{ t: string | null }>(
      await db.execute(sql`select to_regclass(${table})::text as t`),
    )[0]?.t;
    let last = -1;
    if (exists) {
      const rows = rowsOf<{ m: string | number | null }>(
        await db.execute(
          sql.raw(`select max(created_at)::text as m from drizzle."__drizzle_migrations_${name}"`),
        ),
      );
      last = rows[0]?.m == null ? -1 : Number(rows[0].m);
    }
    result.push({
      set: name,
      applied: entries.filter((e) => e.when <= last).map((e) => e.tag),
      pending: entries.filter((e) => e.when > last).map((e) => e.tag),
    });
  }
  return result;
}

/** Every table of the managed schemas with its exact row count (one round trip). */
export async function tableCounts(db: Database): Promise<TableCount[]> {
  const rows = rowsOf<{ schema: string; table: string; rows: number | string }>(
    await db.execute(sql`
      select n.nspname as schema, c.relname as table,
             (xpath('/row/n/text()', query_to_xml(format('select count(*) as n from %I.%I', n.nspname, c.relname), false, true, '')))[1]::text::int as rows
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and n.nspname in (${sql.join(
        managedPgSchemas.map((s) => sql`${s}`),
        sql`, `,
      )})
      order by 1, 2`),
  );
  return rows.map((r) => ({ ...r, rows: Number(r.rows) }));
}

export async function databaseStatus(db: Database): Promise<DatabaseStatus> {
  const migrations = await migrationStatus(db);
  const tables = await tableCounts(db);
  const extensions = rowsOf<{ name: string; version: string }>(
    await db.execute(sql`select extname as name, extversion as version from pg_extension order by 1`),
  );
  return {
    migrations,
    pendingTotal: migrations.reduce((n, s) => n + s.pending.length, 0),
    tables,
    extensions,
  };
}

/** Per schema: table count, then the non-empty tables with their rows (all tables with `all`). */
export function formatTables(tables: TableCount[], all = false): string {
  const lines: string[] = [];
  for (const schema of managedPgSchemas) {
    if (schema === 'org_schema') continue;
    const own = tables.filter((t) => t.schema === schema);
    const shown = all ? own : own.filter((t) => t.rows > 0);
    const total = own.reduce((n, t) => n + t.rows, 0);
    lines.push(
      `  ${schema.padEnd(11)} ${String(own.length).padStart(3)} tables ${String(total).padStart(7)} rows${
        shown.length ? `  ${shown.map((t) => `${t.table} ${t.rows}`).join(', ')}` : ''
      }`,
    );
  }
  return lines.join('\n');
}

export function formatStatus(status: DatabaseStatus, all = false): string {
  const lines = ['Schemas (tables, rows; non-empty tables listed):', formatTables(status.tables, all), ''];
  lines.push('Migrations:');
  for (const s of status.migrations) {
    lines.push(
      `  ${s.set.padEnd(11)} ${String(s.applied.length).padStart(2)} applied, ${s.pending.length} pending${
        s.pending.length ? `: ${s.pending.join(', ')}` : ''
      }`,
    );
  }
  lines.push('', 'Extensions:');
  const present = new Map(status.extensions.map((e) => [e.name, e.version]));
  lines.push(`  ${status.extensions.map((e) => `${e.name} ${e.version}`).join(', ') || '(none)'}`);
  const missing = requiredExtensions.filter((e) => !present.has(e));
  if (missing.length) lines.push(`  missing (created by the foundation migration): ${missing.join(', ')}`);
  return lines.join('\n');
}
