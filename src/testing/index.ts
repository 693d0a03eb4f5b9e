import { createHash, randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { type AnyDb, narrowDb } from '../db';
import { openPGlite, pgliteExtensions } from '../embedded';
import { defaultMigrationsFolder, migrate } from '../migrate';
import { migrationSets } from '../systems';
import { pgliteRouter, postgresRouter, type RollbackRouter } from './rollback';

export type TestBackend = 'pglite' | 'postgres';

/** A drizzle database on the test's data, with the relational schema passed to createTestDb (for `db.query`). */
export type TestDatabase<S extends Record<string, unknown>> = PgDatabase<PgQueryResultHKT, S>;

export interface TestDb<S extends Record<string, unknown> = Record<string, never>> {
  db: TestDatabase<S>;
  backend: TestBackend;
  /** The PGlite instance (pglite backend). */
  pglite?: PGlite;
  /** Connection URL of this test's own database (postgres backend). */
  url?: string;
  /** A second, independent drizzle database on the same data (postgres backend only: PGlite has one connection). */
  connect(options?: { max?: number }): Promise<{ db: TestDatabase<S>; close(): Promise<void> }>;
  close(): Promise<void>;
}

export interface CreateTestDbOptions<S extends Record<string, unknown> = Record<string, never>> {
  /** A relational schema (e.g. `import { schema } from '@org/schema'`, or an app's own): `db.query` works on it. */
  schema?: S;
  /** Default: ORG_SCHEMA_TEST_BACKEND, else 'pglite'. */
  backend?: TestBackend;
  /** Server URL for the postgres backend. Default: TEST_DATABASE_URL. */
  url?: string;
  /** Pool size of `db` (postgres backend). */
  max?: number;
  /**
   * Per-test rollback mode: one database (per test file) where each test runs inside a transaction that
   * is rolled back after it, so tests pay ~1 ms for a pristine database instead of a clone. Returns a
   * {@link RollbackTestDb}; see there (and {@link useRollbackTestDb}) for what it fits.
   */
  rollback?: boolean;
  /**
   * Rollback mode on PGlite: take an idle database that an earlier rollback database of this process
   * closed, instead of starting PGlite from the template (≈ 2 s on 2 cores). Every test's writes were
   * rolled back, so its tables are pristine; what is not transactional carries over (sequences have
   * advanced, prepared statements stay). Pays off when a test runner runs several files in one process
   * (vitest's `isolate: false`); otherwise there is never an idle database to take.
   */
  reuse?: boolean;
}

/**
 * A migrated database whose tests each run inside a transaction rolled back after them
 * (`createTestDb({ rollback: true })`, or {@link useRollbackTestDb} to register the hooks).
 *
 * `db` is a plain drizzle database (not a transaction object, so repository functions take the same
 * path as on any database) whose statements all run in the current test's transaction:
 * - each statement runs in its own savepoint: a failing statement fails alone, as in autocommit;
 * - `db.transaction(fn)` is a savepoint: a throw or `tx.rollback()` undoes just it; when it ends,
 *   `RESET ROLE` and `RESET ALL` end its `SET LOCAL` / `set_config(…, true)` (and any plain `SET` made
 *   earlier in the test);
 * - nothing is committed: sequences still advance (do not assert generated ids across tests), and
 *   `now()` is the test's start time in every statement of a test (use explicit times for "later").
 *
 * Keep a file-level `createTestDb()` for tests that need commits or several connections: concurrency and
 * races (`connect()` is not available here), LISTEN/NOTIFY, SKIP LOCKED across connections, migrations,
 * `db.transaction(fn, { isolationLevel })`, DDL that other tests must not see half-done, or statements
 * started concurrently with a `db.transaction` (one connection: they would run inside it).
 */
export interface RollbackTestDb<S extends Record<string, unknown> = Record<string, never>> {
  /** The current test's database; a statement outside begin() … rollback() throws (it would otherwise commit). */
  db: TestDatabase<S>;
  backend: TestBackend;
  /** Opens the test's transaction (in beforeEach). */
  begin(): Promise<void>;
  /** Rolls it back (in afterEach): the next test sees the database as the first begin() found it. */
  rollback(): Promise<void>;
  /** begin(), `fn(db)`, rollback() (also when `fn` throws). */
  withRollback<T>(fn: (db: TestDatabase<S>) => Promise<T>): Promise<T>;
  /** Rolls back an open test transaction and drops the database. */
  close(): Promise<void>;
}

/** The hook registrars of a test framework (vitest's and jest's have these names and shapes). */
export interface TestHooks {
  beforeAll(fn: () => Promise<void>): unknown;
  afterAll(fn: () => Promise<void>): unknown;
  beforeEach(fn: () => Promise<void>): unknown;
  afterEach(fn: () => Promise<void>): unknown;
}

/**
 * Registers a rollback test database for the enclosing file or `describe`: created before its tests,
 * a transaction opened before each test and rolled back after it, closed after the tests. Returns
 * the accessor (call it inside a test or hook). See {@link RollbackTestDb} for what it fits.
 *
 * @example
 * import { afterAll, afterEach, beforeAll, beforeEach, it } from 'vitest';
 * const t = useRollbackTestDb({ beforeAll, afterAll, beforeEach, afterEach }, { schema });
 * it('…', async () => { await createThing(t().db, input); });
 */
export function useRollbackTestDb<S extends Record<string, unknown> = Record<string, never>>(
  hooks: TestHooks,
  options: Omit<CreateTestDbOptions<S>, 'rollback'> = {},
): () => RollbackTestDb<S> {
  let t: RollbackTestDb<S> | undefined;
  hooks.beforeAll(async () => {
    t = await createTestDb({ ...options, rollback: true });
  });
  hooks.beforeEach(async () => {
    await t?.begin();
  });
  hooks.afterEach(async () => {
    await t?.rollback();
  });
  hooks.afterAll(async () => {
    await t?.close();
  });
  return () => {
    if (!t)
      throw new Error('useRollbackTestDb: the test database is not ready (use it inside a test or hook)');
    return t;
  };
}

/**
 * The migrated template database on the server. preparePostgresTemplate() names it uniquely per run and
 * passes the name to test workers through ORG_SCHEMA_PG_TEMPLATE, so parallel runs never share one.
 */
const templateDb = () => process.env.ORG_SCHEMA_PG_TEMPLATE ?? 'org_schema_template';
let templateData: Promise<Uint8Array> | undefined;

/** Migrates an in-memory PGlite and writes its data directory to `file`: run once per test run (vitest globalSetup). */
export async function writePGliteTemplate(file: string): Promise<void> {
  await writeFile(file, await migratedDataDir());
}

async function migratedDataDir(): Promise<Uint8Array> {
  const pg = await openPGlite();
  try {
    const { drizzle } = await import('drizzle-orm/pglite');
    await migrate(drizzle(pg));
    const dump = await pg.dumpDataDir('none');
    return new Uint8Array(await dump.arrayBuffer());
  } finally {
    await pg.close();
  }
}

/**
 * The migrated template's data directory on disk: the on-disk cache (in the OS temp directory, keyed
 * by every migration's hash and the migrate code), migrating once into it when missing. A vitest
 * globalSetup that passes it on as ORG_SCHEMA_PGLITE_TEMPLATE migrates only when a migration changed.
 */
export async function cachedPGliteTemplate(): Promise<string> {
  const target = cacheFile();
  if (await cachedTemplateFile()) return target;
  const data = await migratedDataDir();
  await writeCache(target, data);
  return target;
}

// Best effort: a read-only or full tmpdir only costs the next process the migration.
async function writeCache(target: string, data: Uint8Array): Promise<boolean> {
  const partial = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(partial, data);
    await rename(partial, target); // atomic: concurrent processes never read half a file
    return true;
  } catch {
    await rm(partial, { force: true }).catch(() => {});
    return false;
  }
}

/**
 * The migrated template's data directory, from (in this order) ORG_SCHEMA_PGLITE_TEMPLATE, the on-disk
 * cache of an earlier process, or a fresh migration (then cached); read once per process. Each test
 * database is a PGlite started on a copy of it: one PGlite start per database (a clone of a running
 * template would cost a dump and a start). The cache key covers every migration's hash, so a changed
 * migration is never served stale.
 */
function loadTemplateData(): Promise<Uint8Array> {
  templateData ??= (async () => {
    const file = process.env.ORG_SCHEMA_PGLITE_TEMPLATE || (await cachedTemplateFile());
    if (file) return new Uint8Array(await readFile(file));
    const data = await migratedDataDir();
    await writeCache(cacheFile(), data);
    return data;
  })();
  const data = templateData;
  // A failed load is not remembered: the next call tries again.
  data.catch(() => {
    if (templateData === data) templateData = undefined;
  });
  return data;
}

function cacheFile(): string {
  const folder = defaultMigrationsFolder();
  const hash = createHash('sha256');
  for (const set of migrationSets)
    for (const m of readMigrationFiles({ migrationsFolder: join(folder, set.name) })) hash.update(m.hash);
  // What migrate() runs besides the migration files (its own steps) is part of the template too.
  hash.update(migrate.toString());
  // So is the PGlite build that wrote the data directory: another version may not read it.
  hash.update(pgliteBuild());
  return join(tmpdir(), `org-schema-pglite-template-${hash.digest('hex').slice(0, 16)}.tar`);
}

/** Which PGlite build is installed (its entry file's path and size), for the template cache key. */
function pgliteBuild(): string {
  try {
    const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
    return `${entry}:${statSync(entry).size}`;
  } catch {
    return 'unresolved';
  }
}

async function cachedTemplateFile(): Promise<string | undefined> {
  const file = cacheFile();
  return (await stat(file).catch(() => undefined))?.isFile() ? file : undefined;
}

/**
 * Creates (drops first) the migrated template database that each postgres-backend test database is copied
 * from. `provision` replaces migrate() (e.g. the push path: push-setup, drizzle-kit push, push-setup).
 */
export async function preparePostgresTemplate(
  url: string,
  templateName?: string,
  provision?: (url: string) => Promise<void>,
): Promise<string> {
  if (!templateName && !process.env.ORG_SCHEMA_PG_TEMPLATE)
    process.env.ORG_SCHEMA_PG_TEMPLATE = `org_schema_template_${randomBytes(4).toString('hex')}`;
  const name = templateName ?? templateDb();
  const { default: postgres } = await import('postgres');
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  if (provision) {
    await provision(withDatabase(url, name));
    return name;
  }
  const client = postgres(withDatabase(url, name), { max: 1, onnotice: () => {} });
  try {
    const { drizzle } = await import('drizzle-orm/postgres-js');
    await migrate(drizzle(client));
  } finally {
    await client.end();
  }
  return name;
}

/** Drops a template database made by preparePostgresTemplate. */
export async function dropPostgresTemplate(url: string, name = templateDb()): Promise<void> {
  const { default: postgres } = await import('postgres');
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * A migrated database for one test (file): a clone of a PGlite template, or on a real server a
 * database created from the migrated template database. Always `close()` it.
 *
 * With `{ rollback: true }`: one such database on which each test runs inside a transaction rolled
 * back after it (a {@link RollbackTestDb}; {@link useRollbackTestDb} registers the hooks).
 */
export function createTestDb<S extends Record<string, unknown> = Record<string, never>>(
  options: CreateTestDbOptions<S> & { rollback: true },
): Promise<RollbackTestDb<S>>;
export function createTestDb<S extends Record<string, unknown> = Record<string, never>>(
  options?: CreateTestDbOptions<S> & { rollback?: false },
): Promise<TestDb<S>>;
export async function createTestDb<S extends Record<string, unknown> = Record<string, never>>(
  options: CreateTestDbOptions<S> = {},
): Promise<TestDb<S> | RollbackTestDb<S>> {
  if (options.rollback && options.reuse && backendOf(options) === 'pglite') {
    const idle = idlePGlite.pop();
    if (idle) return rollbackTestDb(idle as Opened<S>, options);
  }
  const opened = await openTestDb(options);
  return options.rollback ? rollbackTestDb(opened, options) : opened.t;
}

/** PGlite databases that closed rollback databases left for `reuse` (one user at a time each). */
const idlePGlite: Opened<Record<string, unknown>>[] = [];

const backendOf = (options: CreateTestDbOptions<Record<string, unknown>>): TestBackend =>
  options.backend ?? (process.env.ORG_SCHEMA_TEST_BACKEND as TestBackend | undefined) ?? 'pglite';

async function rollbackTestDb<S extends Record<string, unknown>>(
  opened: Opened<S>,
  options: CreateTestDbOptions<S>,
): Promise<RollbackTestDb<S>> {
  let router: RollbackRouter<unknown>;
  let db: TestDatabase<S>;
  if (opened.pglite) {
    const r = pgliteRouter(opened.pglite);
    const { drizzle } = await import('drizzle-orm/pglite');
    db = drizzle({ client: r.client, schema: options.schema as S }) as unknown as TestDatabase<S>;
    router = r;
  } else {
    const r = postgresRouter(opened.sql!);
    const { drizzle } = await import('drizzle-orm/postgres-js');
    db = drizzle({ client: r.client, schema: options.schema as S }) as unknown as TestDatabase<S>;
    router = r;
  }
  const rollback = () => router.rollback();
  return {
    db,
    backend: opened.t.backend,
    begin: () => router.begin(),
    rollback,
    withRollback: async (fn) => {
      await router.begin();
      try {
        return await fn(db);
      } finally {
        await rollback();
      }
    },
    close: async () => {
      try {
        await rollback();
      } catch (error) {
        await opened.t.close();
        throw error;
      }
      if (options.reuse && opened.pglite) idlePGlite.push(opened as Opened<Record<string, unknown>>);
      else await opened.t.close();
    },
  };
}

interface Opened<S extends Record<string, unknown>> {
  t: TestDb<S>;
  pglite?: PGlite;
  /** The postgres-js pool behind `t.db` (postgres backend). */
  sql?: import('postgres').Sql;
}

async function openTestDb<S extends Record<string, unknown>>(
  options: CreateTestDbOptions<S>,
): Promise<Opened<S>> {
  const backend = backendOf(options);
  if (backend === 'pglite') {
    const data = await loadTemplateData();
    const { PGlite } = await import('@electric-sql/pglite');
    const pglite = await PGlite.create({
      loadDataDir: new Blob([data]),
      extensions: await pgliteExtensions(),
    });
    const { drizzle } = await import('drizzle-orm/pglite');
    let closed = false;
    const t: TestDb<S> = {
      db: drizzle(pglite, { schema: options.schema as S }) as unknown as TestDatabase<S>,
      backend,
      pglite,
      connect: async () => {
        throw new Error('PGlite has a single connection; concurrency tests need the postgres backend');
      },
      close: async () => {
        if (closed) return;
        closed = true;
        await pglite.close();
      },
    };
    return { t, pglite };
  }
  const url = options.url ?? process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('createTestDb: the postgres backend needs TEST_DATABASE_URL (or the url option)');
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE ${name} TEMPLATE ${templateDb()}`);
  } catch (error) {
    if ((error as { code?: string }).code === '3D000')
      throw new Error(
        `createTestDb: the template database ${templateDb()} does not exist. Create it once per test run with ` +
          'preparePostgresTemplate(url) (vitest globalSetup) and drop it with dropPostgresTemplate(url); see docs/apps.md, "Testing an app".',
        { cause: error },
      );
    throw error;
  } finally {
    await admin.end();
  }
  const dbUrl = withDatabase(url, name);
  const opened: { end(): Promise<void> }[] = [];
  const open = (max: number) => {
    const client = postgres(dbUrl, { max, onnotice: () => {} });
    opened.push(client);
    return client;
  };
  const main = open(options.max ?? 10);
  const withSchema = (client: ReturnType<typeof open>) =>
    drizzle(client, { schema: options.schema as S }) as unknown as TestDatabase<S>;
  const t: TestDb<S> = {
    db: withSchema(main),
    backend,
    url: dbUrl,
    connect: async ({ max = 1 } = {}) => {
      const client = open(max);
      return { db: withSchema(client), close: () => client.end() };
    },
    close: async () => {
      await Promise.all(opened.map((c) => c.end()));
      const admin = postgres(url, { max: 1, onnotice: () => {} });
      try {
        await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
  return { t, sql: main };
}

/** Counts rows of a table given by its qualified name, e.g. `bot.job_queue`. */
export async function countRows(db: AnyDb, qualifiedName: string): Promise<number> {
  narrowDb(db);
  const [schema, table] = qualifiedName.split('.');
  const result = await db.execute(
    sql`select count(*)::int as n from ${sql.identifier(schema!)}.${sql.identifier(table!)}`,
  );
  const rows = Array.isArray(result) ? result : (result as { rows: { n: number }[] }).rows;
  return Number((rows[0] as { n: number }).n);
}
