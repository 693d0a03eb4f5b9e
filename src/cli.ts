#!/usr/bin/env node
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { type Database, pgErrorCode, rowsOf } from './db';
import { migrate } from './migrate';
import { seed } from './seed';
import { managedPgSchemas } from './systems';

const HELP = `org-schema — provision and inspect @org/schema databases

Usage: org-schema <command> [options]

Commands:
  provision   apply migrations and load reference data, then print a summary (what \`npm start\` runs)
  migrate     apply pending migrations only
  seed        load reference data only (idempotent)

Options:
  --url <postgres-url>   a PostgreSQL server (default: $DATABASE_URL, else the embedded PGlite in --data-dir)
  --data-dir <dir>       embedded database directory (default: ./.data)
  --verbose              show stack traces on errors
  -h, --help             this help
`;

class CliError extends Error {}

async function open(
  url: string | undefined,
  dataDir: string,
): Promise<{ db: Database; label: string; close(): Promise<void> }> {
  if (url) {
    const { default: postgres } = await import('postgres').catch(() => {
      throw new CliError('The postgres package is not installed: npm install postgres');
    });
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const client = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
    const label = redact(url);
    try {
      await client`select 1`;
    } catch (error) {
      await client.end({ timeout: 1 }).catch(() => {});
      const code = (error as { code?: string }).code;
      throw new CliError(
        `Cannot connect to ${label} (${code ?? (error as Error).message}). ` +
          'Is the server running and reachable? Check DATABASE_URL / --url (user, password, host, port, database).',
      );
    }
    return { db: drizzle(client), label, close: () => client.end() };
  }
  const { openPGlite } = await import('./embedded');
  const { drizzle } = await import('drizzle-orm/pglite');
  const pg = await openPGlite(dataDir);
  return { db: drizzle(pg), label: `embedded PGlite in ${dataDir}`, close: () => pg.close() };
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparseable DATABASE_URL>';
  }
}

async function summary(db: Database): Promise<string> {
  const rows = rowsOf<{ schema: string; table: string; rows: number }>(
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
  const bySchema = new Map<string, { table: string; rows: number }[]>();
  for (const r of rows) bySchema.set(r.schema, [...(bySchema.get(r.schema) ?? []), r]);
  const lines: string[] = [];
  for (const schema of managedPgSchemas) {
    const tables = bySchema.get(schema) ?? [];
    if (schema === 'org_schema') continue;
    const filled = tables.filter((t) => t.rows > 0).map((t) => `${t.table} ${t.rows}`);
    lines.push(
      `  ${schema.padEnd(11)} ${String(tables.length).padStart(3)} tables${filled.length ? `  rows: ${filled.join(', ')}` : ''}`,
    );
  }
  return lines.join('\n');
}

function explain(error: unknown): string {
  const code = pgErrorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  const cause = (error as { cause?: Error }).cause?.message ?? '';
  if (
    code === '0A000' ||
    code === '58P01' ||
    /extension "?(vector|citext|pgcrypto)"? (is not available|could not open)/i.test(`${message} ${cause}`)
  ) {
    return `The server is missing an extension the migrations need (${cause || message}). Install pgvector (Debian: postgresql-15-pgvector, or build it as scripts/pg-test-cluster.sh does) and the contrib package (citext, pgcrypto).`;
  }
  if (code === '42501')
    return `Permission denied (${cause || message}): the user needs CREATE on the database and permission to create extensions and roles.`;
  return cause ? `${message}\n  cause: ${cause}` : message;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      'data-dir': { type: 'string', default: './.data' },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const command = positionals[0] ?? 'provision';
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (!['provision', 'migrate', 'seed'].includes(command)) {
    process.stderr.write(`Unknown command "${command}".\n\n${HELP}`);
    return 2;
  }
  const url = values.url ?? process.env.DATABASE_URL;
  const dataDir = resolve(values['data-dir']!);
  const started = performance.now();
  let conn: Awaited<ReturnType<typeof open>> | undefined;
  try {
    conn = await open(url, dataDir);
    console.log(`org-schema ${command}: ${conn.label}`);
    let applied = 0;
    let changed = 0;
    if (command !== 'seed') {
      const result = await migrate(conn.db);
      applied = result.total;
      const detail = Object.entries(result.applied)
        .filter(([, n]) => n > 0)
        .map(([s, n]) => `${s} ${n}`);
      console.log(`  migrations: ${applied} applied${detail.length ? ` (${detail.join(', ')})` : ''}`);
    }
    if (command !== 'migrate') {
      const report = await seed(conn.db);
      const detail = Object.entries(report).filter(([, n]) => n > 0);
      changed = detail.reduce((sum, [, n]) => sum + n, 0);
      console.log(
        `  reference data: ${changed} rows inserted or updated${detail.length ? ` (${detail.map(([t, n]) => `${t} ${n}`).join(', ')})` : ''}`,
      );
    }
    if (command === 'provision') console.log(await summary(conn.db));
    const ms = Math.round(performance.now() - started);
    console.log(
      applied + changed === 0 ? `Already up to date: nothing changed (${ms} ms).` : `Done in ${ms} ms.`,
    );
    return 0;
  } catch (error) {
    const text = error instanceof CliError ? error.message : explain(error);
    process.stderr.write(`org-schema ${command} failed: ${text}\n`);
    if (values.verbose && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    else process.stderr.write('(run with --verbose for the stack trace)\n');
    return 1;
  } finally {
    await conn?.close().catch(() => {});
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
