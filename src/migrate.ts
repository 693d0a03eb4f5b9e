import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { type AnyDb, type Database, narrowDb, rowsOf } from './db';
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

interface LoadedSet {
  name: string;
  pgSchemas: readonly string[];
  migrations: ReturnType<typeof readMigrationFiles>;
  /** Per migration: hand-written (its snapshot equals the previous one, as `generate --custom` leaves it). */
  custom: boolean[];
  /** The set's latest drizzle-kit snapshot: what its migrations build. */
  snapshot: Snapshot;
}

interface Snapshot {
  tables: Record<
    string,
    {
      name: string;
      schema: string;
      columns: Record<string, unknown>;
      indexes: Record<string, unknown>;
      foreignKeys: Record<string, unknown>;
      compositePrimaryKeys: Record<string, unknown>;
      uniqueConstraints: Record<string, unknown>;
      checkConstraints?: Record<string, unknown>;
      policies: Record<string, { name: string; using?: string; withCheck?: string }>;
    }
  >;
  views?: Record<string, { name: string; schema: string }>;
  sequences?: Record<string, { name: string; schema: string }>;
}

function loadSets(folder: string, names?: ReadonlySet<string>): LoadedSet[] {
  return migrationSets
    .filter((set) => !names || names.has(set.name))
    .map((set) => {
      const dir = join(folder, set.name);
      const journal = JSON.parse(readFileSync(join(dir, 'meta', '_journal.json'), 'utf8')) as {
        entries: { idx: number }[];
      };
      const snapshots = readdirSync(join(dir, 'meta')).filter((f) => f.endsWith('_snapshot.json'));
      const shapeOf = (idx: number): string | undefined => {
        const file = snapshots.find((f) => f.startsWith(`${String(idx).padStart(4, '0')}_`));
        if (!file) return undefined;
        const { id: _id, prevId: _prev, ...rest } = JSON.parse(readFileSync(join(dir, 'meta', file), 'utf8'));
        return canonicalJson(rest);
      };
      const shapes = journal.entries.map((e) => shapeOf(e.idx));
      const last = journal.entries.at(-1)!.idx;
      const lastFile = snapshots.find((f) => f.startsWith(`${String(last).padStart(4, '0')}_`))!;
      return {
        name: set.name,
        pgSchemas: set.pgSchemas,
        migrations: readMigrationFiles({ migrationsFolder: dir }),
        custom: shapes.map((shape, i) => set.name === 'foundation' || (i > 0 && shape === shapes[i - 1])),
        snapshot: JSON.parse(readFileSync(join(dir, 'meta', lastFile), 'utf8')) as Snapshot,
      };
    });
}

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/** A statement without its leading comment lines. */
const bare = (statement: string) => statement.replace(/^(\s*--[^\n]*\n)*\s*/, '');

/**
 * `CREATE SCHEMA "x"` of a generated migration, made idempotent: `org-schema push-setup` may have
 * created the schema (with the set's sequences and functions) before the set is migrated.
 */
const tolerant = (statement: string) =>
  statement.replace(/^(\s*)CREATE SCHEMA "([^"]+)";?(\s*)$/i, '$1CREATE SCHEMA IF NOT EXISTS "$2";$3');

/** What the set's tables look like now: kind + qualified name, for the names its snapshot lists. */
async function catalogNames(tx: Tx, schemas: readonly string[]): Promise<Set<string>> {
  // One text parameter: drizzle's sql`` spreads a JS array into a row of parameters.
  const list = sql`string_to_array(${schemas.join(',')}, ',')`;
  const rows = rowsOf<{ k: string }>(
    await tx.execute(sql`
      select 'table ' || n.nspname || '.' || c.relname as k
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = any(${list}) and c.relkind in ('r', 'p')
      union all
      select 'view ' || n.nspname || '.' || c.relname
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = any(${list}) and c.relkind in ('v', 'm')
      union all
      select 'column ' || n.nspname || '.' || c.relname || '.' || a.attname
        from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = any(${list}) and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
      union all
      select 'index ' || n.nspname || '.' || c.relname
        from pg_index x join pg_class c on c.oid = x.indexrelid join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = any(${list})
      union all
      select 'constraint ' || n.nspname || '.' || c.relname || '.' || k.conname
        from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = any(${list})
      union all
      select 'policy ' || schemaname || '.' || tablename || '.' || policyname
        from pg_policies where schemaname = any(${list})
      union all
      select 'sequence ' || schemaname || '.' || sequencename
        from pg_sequences where schemaname = any(${list})`),
  );
  return new Set(rows.map((r) => r.k));
}

/** The names the set's latest snapshot says its tables have (what `drizzle-kit push` creates). */
function snapshotNames(snapshot: Snapshot): { required: Set<string>; tablesAndColumns: Set<string> } {
  const required = new Set<string>();
  const tablesAndColumns = new Set<string>();
  for (const t of Object.values(snapshot.tables)) {
    const q = `${t.schema}.${t.name}`;
    tablesAndColumns.add(`table ${q}`);
    for (const c of Object.keys(t.columns)) tablesAndColumns.add(`column ${q}.${c}`);
    for (const i of Object.keys(t.indexes)) required.add(`index ${t.schema}.${i}`);
    for (const group of [
      t.foreignKeys,
      t.compositePrimaryKeys,
      t.uniqueConstraints,
      t.checkConstraints ?? {},
    ])
      for (const k of Object.keys(group)) required.add(`constraint ${q}.${k}`);
    for (const p of Object.keys(t.policies)) required.add(`policy ${q}.${p}`);
  }
  for (const v of Object.values(snapshot.views ?? {})) required.add(`view ${v.schema}.${v.name}`);
  for (const s of Object.values(snapshot.sequences ?? {})) required.add(`sequence ${s.schema}.${s.name}`);
  for (const k of tablesAndColumns) required.add(k);
  return { required, tablesAndColumns };
}

/** Whether any table of the set exists (pushed, or built by hand) while its tracking table is empty. */
async function hasTables(tx: Tx, set: LoadedSet): Promise<boolean> {
  const names = Object.values(set.snapshot.tables).map((t) => `${t.schema}.${t.name}`);
  const rows = rowsOf<{ n: number }>(
    await tx.execute(
      sql`select count(*)::int as n from unnest(string_to_array(${names.join(',')}, ',')) q where to_regclass(q) is not null`,
    ),
  );
  return (rows[0]?.n ?? 0) > 0;
}

/**
 * Takes a set whose tables `drizzle-kit push` created into migration tracking: checks that the tables
 * are exactly the ones this version's migrations build (names of tables, columns, indexes,
 * constraints, policies, views, sequences), replays the hand-written migrations (triggers, functions,
 * grants…) and the policies' USING / WITH CHECK expressions (drizzle-kit 0.31 push creates policies
 * without them), and records every migration as applied. Later upgrades go through migrate().
 */
async function adopt(tx: Tx, set: LoadedSet): Promise<void> {
  const present = await catalogNames(tx, set.pgSchemas);
  const { required, tablesAndColumns } = snapshotNames(set.snapshot);
  const missing = [...required].filter((k) => !present.has(k));
  const extra = [...present].filter(
    (k) => (k.startsWith('table ') || k.startsWith('column ')) && !tablesAndColumns.has(k),
  );
  if (missing.length || extra.length) {
    // Tables and columns first: they say the most about what went wrong.
    const rank = (k: string) =>
      (k.startsWith('missing') ? 8 : 0) + (['table', 'column', 'view'].indexOf(k.split(' ')[1]!) & 7);
    const list = [...extra.map((k) => `unexpected ${k}`), ...missing.map((k) => `missing ${k}`)].sort(
      (x, y) => rank(x) - rank(y),
    );
    throw new Error(
      `@org/schema: the ${set.name} tables exist but migrations were never recorded, and they are not the ones ` +
        `this version builds (${list.length} difference(s): ${list.slice(0, 12).join('; ')}${list.length > 12 ? '; …' : ''}). ` +
        'Push them with this version (`org-schema push-setup`, `drizzle-kit push`, `org-schema push-setup`), ' +
        'or migrate a new database and copy the data.',
    );
  }
  for (const [i, m] of set.migrations.entries())
    if (set.custom[i])
      for (const statement of m.sql) if (statement.trim()) await tx.execute(sql.raw(statement));
  for (const t of Object.values(set.snapshot.tables))
    for (const p of Object.values(t.policies)) {
      const clauses = [
        p.using === undefined ? '' : ` USING (${p.using})`,
        p.withCheck === undefined ? '' : ` WITH CHECK (${p.withCheck})`,
      ].join('');
      if (clauses)
        await tx.execute(sql.raw(`ALTER POLICY "${p.name}" ON "${t.schema}"."${t.name}"${clauses}`));
    }
  await record(tx, set, set.migrations);
}

async function record(tx: Tx, set: LoadedSet, migrations: LoadedSet['migrations']): Promise<void> {
  for (const m of migrations)
    await tx.execute(
      sql`insert into ${sql.identifier('drizzle')}.${sql.identifier(trackingTable(set.name))} (hash, created_at) values (${m.hash}, ${m.folderMillis})`,
    );
}

/** Applies (or adopts) every set in order; the caller holds the transaction and the lock. */
async function applySets(tx: Tx, sets: LoadedSet[]): Promise<MigrateResult> {
  const applied: Record<string, number> = {};
  let total = 0;
  for (const set of sets) {
    const last = await lastApplied(tx, set.name);
    if (last === undefined && set.name !== 'foundation' && (await hasTables(tx, set))) {
      await adopt(tx, set);
      applied[set.name] = set.migrations.length;
      total += set.migrations.length;
      continue;
    }
    // drizzle-orm's rule: a migration is pending when it is newer than the last one applied.
    const pending = set.migrations.filter((m) => last === undefined || last < m.folderMillis);
    for (const m of pending)
      for (const statement of m.sql) if (statement.trim()) await tx.execute(sql.raw(tolerant(statement)));
    await record(tx, set, pending);
    applied[set.name] = pending.length;
    total += pending.length;
  }
  return { applied, total };
}

/**
 * Applies the package's migrations (foundation first, then each system) to any drizzle PostgreSQL
 * database. Each set has its own tracking table in the `drizzle` schema (drizzle-orm's format);
 * applying twice is a no-op. Everything runs in one transaction under an advisory lock: several
 * app instances may call it at start-up at once — one applies, the others wait and find nothing to
 * do — and a failing migration leaves the database as it was. A set whose tables `drizzle-kit push`
 * created is adopted instead (checked against this version's snapshot, hand-written migrations
 * replayed, all recorded as applied).
 */
export async function migrate(db: AnyDb, options: MigrateOptions = {}): Promise<MigrateResult> {
  narrowDb(db);
  const folder = options.migrationsFolder ?? defaultMigrationsFolder();
  const wanted = options.systems ? new Set<string>(['foundation', ...options.systems]) : undefined;
  const sets = loadSets(folder, wanted);
  return db.transaction(async (tx) => {
    await tx.execute(sql.raw(`select pg_advisory_xact_lock(${MIGRATE_LOCK_KEY})`));
    return applySets(tx, sets);
  });
}

export interface PreparePushResult {
  /** Sets made ready for `drizzle-kit push` (schemas, sequences and functions created). */
  prepared: string[];
  /** Sets whose pushed tables were taken into migration tracking. */
  adopted: string[];
  /** Sets already tracked by migrate(), left alone. */
  tracked: string[];
}

/**
 * `org-schema push-setup`: run it before AND after `drizzle-kit push`. Applies the foundation set
 * (extensions, Supabase roles and `auth.users`, the `updated_at` trigger function), then per system:
 * - no tables yet: creates its Postgres schemas and the sequences and functions that its column
 *   defaults call (`portal.tasks.id` → `portal.next_task_id()`), which push cannot create;
 * - tables pushed, migrations not recorded: adopts them (see migrate()): triggers, functions, grants
 *   and policy expressions, then every migration recorded, so upgrades go through migrate();
 * - already tracked: nothing.
 * Idempotent, one transaction, under migrate()'s advisory lock.
 */
export async function preparePush(db: AnyDb, options: MigrateOptions = {}): Promise<PreparePushResult> {
  narrowDb(db);
  const folder = options.migrationsFolder ?? defaultMigrationsFolder();
  const wanted = options.systems ? new Set<string>(['foundation', ...options.systems]) : undefined;
  const sets = loadSets(folder, wanted);
  return db.transaction(async (tx) => {
    await tx.execute(sql.raw(`select pg_advisory_xact_lock(${MIGRATE_LOCK_KEY})`));
    const result: PreparePushResult = { prepared: [], adopted: [], tracked: [] };
    await applySets(
      tx,
      sets.filter((s) => s.name === 'foundation'),
    );
    for (const set of sets.filter((s) => s.name !== 'foundation')) {
      if ((await lastApplied(tx, set.name)) !== undefined) result.tracked.push(set.name);
      else if (await hasTables(tx, set)) {
        await adopt(tx, set);
        result.adopted.push(set.name);
      } else {
        for (const schema of set.pgSchemas)
          await tx.execute(sql.raw(`CREATE SCHEMA IF NOT EXISTS "${schema}"`));
        // Bodies are checked when the tables exist; a function may name a table push has not created.
        await tx.execute(sql.raw('SET LOCAL check_function_bodies = off'));
        for (const [i, m] of set.migrations.entries())
          if (set.custom[i])
            for (const statement of m.sql)
              if (/^CREATE (SEQUENCE IF NOT EXISTS|OR REPLACE FUNCTION) /i.test(bare(statement)))
                await tx.execute(sql.raw(statement));
        await tx.execute(sql.raw('SET LOCAL check_function_bodies TO DEFAULT'));
        result.prepared.push(set.name);
      }
    }
    return result;
  });
}
