import { createHash, randomBytes } from 'node:crypto';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { Database } from '../db';
import { openPGlite, pgliteExtensions } from '../embedded';
import { defaultMigrationsFolder, migrate } from '../migrate';
import { migrationSets } from '../systems';

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
}

/**
 * The migrated template database on the server. preparePostgresTemplate() names it uniquely per run and
 * passes the name to test workers through ORG_SCHEMA_PG_TEMPLATE, so parallel runs never share one.
 */
const templateDb = () => process.env.ORG_SCHEMA_PG_TEMPLATE ?? 'org_schema_template';
let pgliteTemplate: Promise<PGlite> | undefined;
let liveClones = 0;

/**
 * Closes the template instance when its last clone is closed: an open PGlite keeps a plain node
 * script alive after its last `close()`. The next createTestDb loads the template again.
 */
async function releaseTemplate(): Promise<void> {
  if (--liveClones > 0 || !pgliteTemplate) return;
  const template = pgliteTemplate;
  pgliteTemplate = undefined;
  await (await template.catch(() => undefined))?.close();
}

/** Migrates an in-memory PGlite and writes its data directory to `file`: run once per test run (vitest globalSetup). */
export async function writePGliteTemplate(file: string): Promise<void> {
  const pg = await openPGlite();
  try {
    const { drizzle } = await import('drizzle-orm/pglite');
    await migrate(drizzle(pg));
    const dump = await pg.dumpDataDir('none');
    await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  } finally {
    await pg.close();
  }
}

/**
 * The migrated template, from (in this order) ORG_SCHEMA_PGLITE_TEMPLATE, the on-disk cache of an
 * earlier process, or a fresh migration (then cached). Migrating PGlite takes ~4-5 s of a first call;
 * loading the cached data directory ~1-2 s (PGlite's WASM start and extensions are the rest).
 * The cache key covers every migration's hash, so a changed migration is never served stale.
 */
async function loadPGliteTemplate(): Promise<PGlite> {
  const file = process.env.ORG_SCHEMA_PGLITE_TEMPLATE || (await cachedTemplateFile());
  if (file) {
    const { PGlite } = await import('@electric-sql/pglite');
    const blob = new Blob([await readFile(file)]);
    return PGlite.create({ loadDataDir: blob, extensions: await pgliteExtensions() });
  }
  const pg = await openPGlite();
  const { drizzle } = await import('drizzle-orm/pglite');
  await migrate(drizzle(pg));
  // Best effort: a read-only or full tmpdir only costs the next process the migration.
  const target = cacheFile();
  const partial = `${target}.${process.pid}.tmp`;
  try {
    const dump = await pg.dumpDataDir('none');
    await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
    await rename(partial, target); // atomic: concurrent processes never read half a file
  } catch {
    await rm(partial, { force: true }).catch(() => {});
  }
  return pg;
}

function cacheFile(): string {
  const folder = defaultMigrationsFolder();
  const hash = createHash('sha256');
  for (const set of migrationSets)
    for (const m of readMigrationFiles({ migrationsFolder: join(folder, set.name) })) hash.update(m.hash);
  return join(tmpdir(), `org-schema-pglite-template-${hash.digest('hex').slice(0, 16)}.tar`);
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
 */
export async function createTestDb<S extends Record<string, unknown> = Record<string, never>>(
  options: CreateTestDbOptions<S> = {},
): Promise<TestDb<S>> {
  const backend =
    options.backend ?? (process.env.ORG_SCHEMA_TEST_BACKEND as TestBackend | undefined) ?? 'pglite';
  if (backend === 'pglite') {
    pgliteTemplate ??= loadPGliteTemplate();
    const template = pgliteTemplate;
    liveClones++;
    let pglite: PGlite;
    try {
      pglite = (await (await template).clone()) as PGlite;
    } catch (error) {
      await releaseTemplate();
      throw error;
    }
    const { drizzle } = await import('drizzle-orm/pglite');
    let closed = false;
    return {
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
        await releaseTemplate();
      },
    };
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
  return {
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
}

/** Counts rows of a table given by its qualified name, e.g. `bot.job_queue`. */
export async function countRows(db: Database, qualifiedName: string): Promise<number> {
  const [schema, table] = qualifiedName.split('.');
  const result = await db.execute(
    sql`select count(*)::int as n from ${sql.identifier(schema!)}.${sql.identifier(table!)}`,
  );
  const rows = Array.isArray(result) ? result : (result as { rows: { n: number }[] }).rows;
  return Number((rows[0] as { n: number }).n);
}
