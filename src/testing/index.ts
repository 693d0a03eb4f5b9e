import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { Database } from '../db';
import { openPGlite, pgliteExtensions } from '../embedded';
import { migrate } from '../migrate';

export type TestBackend = 'pglite' | 'postgres';

export interface TestDb {
  db: Database;
  backend: TestBackend;
  /** The PGlite instance (pglite backend). */
  pglite?: PGlite;
  /** Connection URL of this test's own database (postgres backend). */
  url?: string;
  /** A second, independent drizzle database on the same data (postgres backend only: PGlite has one connection). */
  connect(options?: { max?: number }): Promise<{ db: Database; close(): Promise<void> }>;
  close(): Promise<void>;
}

export interface CreateTestDbOptions {
  /** Default: ORG_SCHEMA_TEST_BACKEND, else 'pglite'. */
  backend?: TestBackend;
  /** Server URL for the postgres backend. Default: TEST_DATABASE_URL. */
  url?: string;
  /** Pool size of `db` (postgres backend). */
  max?: number;
}

/** The migrated template database on the server; vitest's global setup gives each run its own. */
const templateDb = () => process.env.ORG_SCHEMA_PG_TEMPLATE ?? 'org_schema_template';
let pgliteTemplate: Promise<PGlite> | undefined;

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

async function loadPGliteTemplate(): Promise<PGlite> {
  const file = process.env.ORG_SCHEMA_PGLITE_TEMPLATE;
  if (!file) {
    const pg = await openPGlite();
    const { drizzle } = await import('drizzle-orm/pglite');
    await migrate(drizzle(pg));
    return pg;
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const blob = new Blob([await readFile(file)]);
  return PGlite.create({ loadDataDir: blob, extensions: await pgliteExtensions() });
}

/**
 * Creates (drops first) the migrated template database that each postgres-backend test database is copied
 * from. `provision` replaces migrate() (e.g. the push path: push-setup, drizzle-kit push, push-setup).
 */
export async function preparePostgresTemplate(
  url: string,
  name = templateDb(),
  provision?: (url: string) => Promise<void>,
): Promise<void> {
  const { default: postgres } = await import('postgres');
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  if (provision) return provision(withDatabase(url, name));
  const client = postgres(withDatabase(url, name), { max: 1, onnotice: () => {} });
  try {
    const { drizzle } = await import('drizzle-orm/postgres-js');
    await migrate(drizzle(client));
  } finally {
    await client.end();
  }
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
export async function createTestDb(options: CreateTestDbOptions = {}): Promise<TestDb> {
  const backend =
    options.backend ?? (process.env.ORG_SCHEMA_TEST_BACKEND as TestBackend | undefined) ?? 'pglite';
  if (backend === 'pglite') {
    pgliteTemplate ??= loadPGliteTemplate();
    const pglite = (await (await pgliteTemplate).clone()) as PGlite;
    const { drizzle } = await import('drizzle-orm/pglite');
    return {
      db: drizzle(pglite),
      backend,
      pglite,
      connect: async () => {
        throw new Error('PGlite has a single connection; concurrency tests need the postgres backend');
      },
      close: () => pglite.close(),
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
  return {
    db: drizzle(main),
    backend,
    url: dbUrl,
    connect: async ({ max = 1 } = {}) => {
      const client = open(max);
      return { db: drizzle(client), close: () => client.end() };
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
